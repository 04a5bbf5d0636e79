package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Workflow(version = ..., latest = ...)} on bean methods: the registrar registers each
 * version, new instances take the latest, and a name without exactly one latest fails the start.
 */
class WorkflowVersionsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class));

	static class OrderVersions {

		@Workflow(name = "order", version = "1")
		public String orderV1(WorkflowContext ctx, String input) {
			return "v1:" + input;
		}

		@Workflow(name = "order", version = "2", latest = true)
		public String orderV2(WorkflowContext ctx, String input) {
			return (ctx.isPatched("shout") ? "V2:" : "v2:") + input;
		}

	}

	static class NoLatest {

		@Workflow(name = "order", version = "1")
		public String orderV1(WorkflowContext ctx) {
			return "v1";
		}

		@Workflow(name = "order", version = "2")
		public String orderV2(WorkflowContext ctx) {
			return "v2";
		}

	}

	@Test
	void annotatedVersionsRegisterAndNewInstancesTakeTheLatest() {
		this.runner.withBean(OrderVersions.class).run(ctx -> {
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			String id = client.scheduleNewWorkflow("order", "a");
			WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, Duration.ofSeconds(10), true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("V2:a");
		});
	}

	@Test
	void severalVersionsWithoutOneLatestFailTheStartNamingTheMethods() {
		this.runner.withBean(NoLatest.class)
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.hasStackTraceContaining("exactly one must be marked latest")
				.hasStackTraceContaining("NoLatest.orderV1")
				.hasStackTraceContaining("NoLatest.orderV2"));
	}

}
