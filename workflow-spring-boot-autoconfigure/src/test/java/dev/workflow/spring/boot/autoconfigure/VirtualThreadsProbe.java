package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workflow.Activity;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;

/**
 * Run in a child JVM on Java 21+ by {@link WorkflowVirtualThreadsTests}: starts the
 * auto-configured runtime with {@code spring.threads.virtual.enabled=true} and prints, per mode
 * (activities inline and on the activity workers), the thread an activity ran on and whether it
 * was virtual. An activity a workflow worker runs inline runs on that worker's own (platform)
 * thread; the activity workers' threads are virtual.
 */
public final class VirtualThreadsProbe {

	private VirtualThreadsProbe() {
	}

	@Configuration(proxyBeanMethods = false)
	static class Probe {

		@Bean
		ThreadReport threadReport() {
			return new ThreadReport();
		}

	}

	static class ThreadReport {

		@Workflow(name = "probe-thread")
		public String run(WorkflowContext ctx) {
			return ctx.callActivity("probe-thread-activity", String.class).await();
		}

		@Activity(name = "probe-thread-activity")
		public String where() throws Exception {
			Thread t = Thread.currentThread();
			return t.getName() + " virtual=" + isVirtual(t);
		}

		/** Compiled for Java 17, so through reflection; false where the method does not exist. */
		static boolean isVirtual(Thread t) throws ReflectiveOperationException {
			try {
				return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}

	}

	/**
	 * Prints {@code RESULT inline=<thread> virtual=<bool>} and {@code RESULT workers=...}.
	 * @param args none
	 */
	public static void main(String[] args) {
		for (boolean inline : new boolean[] { true, false }) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(WorkflowVirtualThreadsAutoConfiguration.class,
						WorkflowAutoConfiguration.class))
				.withUserConfiguration(Probe.class)
				.withPropertyValues("spring.threads.virtual.enabled=true",
						"dapr.workflow.worker.inline-activities=" + inline)
				.run(ctx -> {
					WorkflowClient client = ctx.getBean(WorkflowClient.class);
					String id = client.scheduleNewWorkflow("probe-thread");
					String where = client.waitForInstanceCompletion(id, Duration.ofSeconds(30), true)
						.readOutputAs(String.class);
					System.out.println("RESULT " + (inline ? "inline" : "workers") + "=" + where);
				});
		}
		System.exit(0);
	}

}
