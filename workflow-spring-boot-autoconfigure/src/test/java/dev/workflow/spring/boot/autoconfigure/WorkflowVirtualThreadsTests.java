package dev.workflow.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.workflow.WorkflowClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual threads for activities (issue 17): the wiring on the Java 17 this build runs on, and the
 * real thing in a child JVM on Temurin 25, which must be installed.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkflowVirtualThreadsTests {

	static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowVirtualThreadsAutoConfiguration.class,
				WorkflowAutoConfiguration.class))
		.withUserConfiguration(VirtualThreadsProbe.Probe.class);

	@Test
	void withoutThePropertyNoCustomizerIsDefined() {
		this.runner.run(ctx -> assertThat(ctx).doesNotHaveBean("workflowVirtualThreadsCustomizer"));
		this.runner.withPropertyValues("spring.threads.virtual.enabled=false")
			.run(ctx -> assertThat(ctx).doesNotHaveBean("workflowVirtualThreadsCustomizer"));
	}

	@Test
	void thePropertyUsesVirtualThreadsWhereJavaHasThemAndSaysOnceWhereItHasNot(CapturedOutput output) {
		// this build runs on Java 17: no virtual threads, one INFO line, platform threads
		boolean available = Runtime.version().feature() >= 21;
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true", "dapr.workflow.worker.inline-activities=false")
			.run(ctx -> {
				assertThat(ctx).hasBean("workflowVirtualThreadsCustomizer");
				assertThat(WorkflowVirtualThreadsAutoConfiguration.virtualThreadFactory() != null).isEqualTo(available);
				WorkflowClient client = ctx.getBean(WorkflowClient.class);
				String id = client.scheduleNewWorkflow("probe-thread");
				assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(10), true).readOutputAs(String.class))
					.startsWith("workflow-activity-")
					.endsWith("virtual=" + available);
			});
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run(ctx -> assertThat(ctx).hasNotFailed());
		if (available) {
			assertThat(output.getAll()).doesNotContain("has no virtual threads");
		}
		else {
			assertThat(output.getAll()).containsOnlyOnce("has no virtual threads");
		}
	}

	@Test
	void onJava25ActivitiesOnTheActivityWorkersRunOnVirtualThreads() throws Exception {
		assertThat(JAVA_25).as("Temurin 25 JDK, needed for the virtual threads test").isExecutable();
		String classPath = System.getProperty("java.class.path");
		Path log = Files.createTempFile("virtual-threads-probe", ".log");
		try {
			Process child = new ProcessBuilder(List.of(JAVA_25.toString(), "-cp", classPath,
					VirtualThreadsProbe.class.getName()))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
			String out = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(child.exitValue()).as(out).isZero();
			assertThat(out).as(out)
				.containsPattern("RESULT workers=workflow-activity-\\d+ virtual=true")
				// a lone fast activity run inline stays on the workflow worker that ran the turn
				.containsPattern("RESULT inline=workflow-\\w+-\\d+ virtual=");
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

}
