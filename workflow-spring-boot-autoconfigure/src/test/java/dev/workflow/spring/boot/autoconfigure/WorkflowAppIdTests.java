package dev.workflow.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workflow.Activity;
import dev.workflow.TaskOptions;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * The app id ({@code dapr.workflow.app-id}, defaulting to {@code spring.application.name}), seen by
 * what it does: a call sent to this app's id runs here, a call sent to another app's id waits.
 */
class WorkflowAppIdTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class))
		.withUserConfiguration(RoutedConfig.class);

	static class RoutedWorkflows {

		@Workflow(name = "routed")
		public String routed(WorkflowContext ctx, String appId) {
			return ctx.callActivity("where", appId, TaskOptions.withAppId(appId), String.class).await();
		}

		@Activity(name = "where")
		public String where(String appId) {
			return "ran for " + appId;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RoutedConfig {

		@Bean
		RoutedWorkflows routedWorkflows() {
			return new RoutedWorkflows();
		}

	}

	@Test
	void appIdDefaultsToTheApplicationName() {
		this.runner.withPropertyValues("spring.application.name=orders").run(ctx -> {
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			assertThat(runTo(client, "orders").readOutputAs(String.class)).isEqualTo("ran for orders");
		});
	}

	@Test
	void appIdPropertyWinsOverTheApplicationNameAndOtherAppsCallsWait() {
		this.runner.withPropertyValues("spring.application.name=orders", "dapr.workflow.app-id=billing").run(ctx -> {
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			assertThat(runTo(client, "billing").readOutputAs(String.class)).isEqualTo("ran for billing");
			String id = client.scheduleNewWorkflow("routed", "orders");
			Thread.sleep(1000);
			// no app "orders" runs: the call waits instead of failing or running here
			assertThat(client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		});
	}

	@Test
	void invalidAppIdFailsTheStartNamingTheKey() {
		this.runner.withPropertyValues("dapr.workflow.app-id=order service").run(ctx -> {
			assertThat(ctx).hasFailed();
			assertThat(ctx.getStartupFailure()).rootCause()
				.hasMessageContaining("dapr.workflow.app-id")
				.hasMessageContaining("'order service'");
		});
		this.runner.withPropertyValues("spring.application.name=Order Service").run(ctx -> {
			assertThat(ctx).hasFailed();
			assertThat(ctx.getStartupFailure()).rootCause()
				.hasMessageContaining("spring.application.name")
				.hasMessageContaining("set dapr.workflow.app-id");
		});
	}

	private static WorkflowInstanceStatus runTo(WorkflowClient client, String appId) throws Exception {
		String id = client.scheduleNewWorkflow("routed", appId);
		WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
		assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		return s;
	}

}
