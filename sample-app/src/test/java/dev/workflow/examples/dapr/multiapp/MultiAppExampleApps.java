package dev.workflow.examples.dapr.multiapp;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.workflow.Activity;
import dev.workflow.TaskOptions;
import dev.workflow.Workflow;
import dev.workflow.WorkflowContext;

/**
 * Dapr's multi-app workflow example as three Spring Boot applications: app1 hosts the workflow,
 * app2 and app3 each host one activity it calls by app id. They share one backend.
 */
final class MultiAppExampleApps {

	private MultiAppExampleApps() {
	}

	/** The workflow of app1: transforms in app2, then finalizes in app3. */
	public static class MultiAppWorkflows {

		@Workflow(name = "MultiAppWorkflow")
		public String run(WorkflowContext ctx, String input) {
			ctx.getLogger().info("Starting MultiAppWorkflow: {}", ctx.getName());
			String transformed = ctx
				.callActivity("App2TransformActivity", input, TaskOptions.withAppId("app2"), String.class)
				.await();
			return ctx.callActivity("App3FinalizeActivity", transformed, TaskOptions.withAppId("app3"), String.class)
				.await();
		}

	}

	/** The activity of app2. */
	public static class App2Activities {

		@Activity(name = "App2TransformActivity")
		public String transform(String input) {
			return input.toUpperCase() + " [TRANSFORMED BY APP2]";
		}

	}

	/** The activity of app3. */
	public static class App3Activities {

		@Activity(name = "App3FinalizeActivity")
		public String finalize(String input) {
			return input + " [FINALIZED BY APP3]";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(MultiAppWorkflows.class)
	static class App1 {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(App2Activities.class)
	static class App2 {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(App3Activities.class)
	static class App3 {

	}

}
