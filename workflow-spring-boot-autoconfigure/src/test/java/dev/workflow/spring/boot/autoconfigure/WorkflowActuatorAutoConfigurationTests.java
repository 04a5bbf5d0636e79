package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workflow.Activity;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.EventRaised;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WorkflowAutoConfiguration.class, WorkflowActuatorAutoConfiguration.class))
		.withUserConfiguration(Beans.class);

	static class Echo {

		@Workflow
		public String echo(WorkflowContext ctx, String in) {
			return ctx.callActivity("upper", in, String.class).await();
		}

		@Workflow
		public String waiter(WorkflowContext ctx) {
			return ctx.waitForExternalEvent("go", String.class).await();
		}

		/** Blocks its worker until the test releases it, ignoring interrupts: hung workflow code. */
		@Workflow
		public String stuck(WorkflowContext ctx) {
			while (true) {
				try {
					STUCK_RELEASE.await();
					return "released";
				}
				catch (InterruptedException ex) {
					// ignored on purpose
				}
			}
		}

		@Activity
		public String upper(String in) {
			return in.toUpperCase();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry() {
			return ObservationRegistry.create();
		}

	}

	/** As Spring Boot's actuator wires them: observations also make meters. */
	@Configuration(proxyBeanMethods = false)
	static class ObservedMeters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meters) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters));
			return registry;
		}

	}

	@Test
	void healthIndicatorIsUpWhileTheRuntimeRuns() {
		this.runner.run(ctx -> {
			HealthIndicator health = ctx.getBean("workflowHealthIndicator", HealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(health.health().getDetails()).containsEntry("backend", "ActorsWorkflowBackend");
		});
	}

	static final java.util.concurrent.CountDownLatch STUCK_RELEASE = new java.util.concurrent.CountDownLatch(1);

	@Test
	void healthIndicatorIsDownWhileEveryWorkflowWorkerIsStuckAndUpAgainAfter() {
		this.runner
			.withPropertyValues("dapr.workflow.worker.max-concurrent-workflows=1",
					"dapr.workflow.worker.stuck-timeout=300ms")
			.run(ctx -> {
				HealthIndicator health = ctx.getBean("workflowHealthIndicator", HealthIndicator.class);
				try {
					ctx.getBean(WorkflowClient.class).scheduleNewWorkflow("stuck");
					long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
					while (health.health().getStatus() != Status.DOWN && System.nanoTime() < deadline) {
						Thread.sleep(20);
					}
					assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
					assertThat(String.valueOf(health.health().getDetails().get("reason")))
						.contains("workflow-worker-")
						.contains("PT0.3S");
				}
				finally {
					STUCK_RELEASE.countDown();
				}
				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (health.health().getStatus() != Status.UP && System.nanoTime() < deadline) {
					Thread.sleep(20);
				}
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void healthIndicatorBacksOffWhenDisabled() {
		this.runner.withPropertyValues("management.health.workflow.enabled=false")
			.run(ctx -> assertThat(ctx).doesNotHaveBean("workflowHealthIndicator"));
	}

	@Test
	void workflowsEndpointIsNotAvailableUnlessExposed() {
		this.runner.run(ctx -> assertThat(ctx).doesNotHaveBean(WorkflowsEndpoint.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void workflowsEndpointListsShowsAndOperatesWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workflows").run(ctx -> {
			WorkflowsEndpoint endpoint = ctx.getBean(WorkflowsEndpoint.class);
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			String done = client.scheduleNewWorkflow("echo", "hi");
			client.waitForInstanceCompletion(done, Duration.ofSeconds(10), false);
			String waiting = client.scheduleNewWorkflow("waiter");
			client.waitForInstanceStart(waiting, Duration.ofSeconds(10), false);

			List<Map<String, Object>> completed = (List<Map<String, Object>>) endpoint
				.list("completed", "echo", null, null)
				.getBody()
				.get("instances");
			assertThat(completed).extracting(m -> m.get("instanceId")).contains(done);

			WebEndpointResponse<Map<String, Object>> shown = endpoint.instance(done);
			assertThat(shown.getStatus()).isEqualTo(200);
			assertThat(shown.getBody().get("output")).isEqualTo("\"HI\"");
			assertThat((List<Map<String, Object>>) shown.getBody().get("history")).extracting(m -> m.get("type"))
				.contains("ExecutionStarted", "TaskScheduled", "TaskCompleted", "ExecutionCompleted");
			assertThat(endpoint.instance("no-such-instance").getStatus()).isEqualTo(404);

			assertThat(endpoint.operate(waiting, "raise-event", "go", "\"now\"", null).getStatus()).isEqualTo(200);
			assertThat(client.waitForInstanceCompletion(waiting, Duration.ofSeconds(10), true).readOutputAs(String.class))
				.isEqualTo("now");
			assertThat(endpoint.operate(waiting, "purge", null, null, null).getBody()).containsEntry("purged", true);
		});
	}

	@Test
	void workflowsEndpointAnswersBadInputWithAClientErrorAndWritesNothing() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=workflows").run(ctx -> {
			WorkflowsEndpoint endpoint = ctx.getBean(WorkflowsEndpoint.class);
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			String waiting = client.scheduleNewWorkflow("waiter");
			client.waitForInstanceStart(waiting, Duration.ofSeconds(10), false);

			assertError(endpoint.list("bogus", null, null, null), 400, "Unknown status 'bogus'", "RUNNING");
			assertError(endpoint.list(null, null, 0, null), 400, "pageSize");
			assertError(endpoint.list(null, null, 100_000, null), 400, "pageSize");
			assertError(endpoint.instance("no-such-instance"), 404, "no-such-instance");
			assertError(endpoint.instance("not a valid id!"), 400, "not a valid id!");
			assertError(endpoint.operate(waiting, "explode", null, null, null), 400, "Unknown operation 'explode'",
					"raise-event, suspend, resume, terminate, purge");
			assertError(endpoint.operate(waiting, "raise-event", null, "1", null), 400, "eventName");
			assertError(endpoint.operate(waiting, "raise-event", "go", "{not json", null), 400, "payload",
					"JSON");
			assertError(endpoint.operate(waiting, "terminate", null, "[1,", null), 400, "payload");
			assertError(endpoint.operate("no-such-instance", "suspend", null, null, null), 404, "no-such-instance");
			assertError(endpoint.operate("no-such-instance", "raise-event", "go", "1", null), 404,
					"no-such-instance");
			assertError(endpoint.operate("no-such-instance", "terminate", null, null, null), 404, "no-such-instance");
			assertError(endpoint.operate("no-such-instance", "purge", null, null, null), 404, "no-such-instance");
			assertError(endpoint.operate(waiting, "purge", null, null, null), 409, waiting);

			// Nothing the rejected calls carried reached the instance.
			assertThat(client.getInstanceState(waiting, false).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.RUNNING);
			assertThat(client.getInstanceHistory(waiting)).noneMatch(EventRaised.class::isInstance);
		});
	}

	private static void assertError(WebEndpointResponse<Map<String, Object>> response, int status,
			String... messageParts) {
		assertThat(response.getStatus()).as("status of %s", response.getBody()).isEqualTo(status);
		assertThat((String) response.getBody().get("error")).contains(messageParts);
	}

	@Test
	void metricsCountScheduledAndFinishedInstancesAndTimeActivities() {
		this.runner.withUserConfiguration(Meters.class).run(ctx -> {
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			String id = client.scheduleNewWorkflow("echo", "m");
			assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(10), false).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			MeterRegistry meters = ctx.getBean(MeterRegistry.class);
			assertThat(meters.get("workflow.instances.scheduled").tag("workflow", "echo").counter().count()).isEqualTo(1);
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (meters.find("workflow.instances.finished").counter() == null && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(meters.get("workflow.instances.finished").tag("workflow", "echo").tag("status", "COMPLETED")
				.counter()
				.count()).isEqualTo(1);
			assertThat(meters.get("workflow.activity").tag("activity", "upper").tag("outcome", "COMPLETED")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("workflow.turn").tag("workflow", "echo").timers()).isNotEmpty();
			assertThat(meters.get("workflow.turn.active").longTaskTimer().activeTasks()).isZero();
			assertThat(meters.get("workflow.activity.active").tag("activity", "upper").longTaskTimer().activeTasks())
				.isZero();
			assertOneNamePerMeter(meters);
		});
	}

	@Test
	void metricsComeFromTheObservationsWhenARegistryObservesUnderTheSameNames() {
		this.runner.withConfiguration(AutoConfigurations.of(WorkflowTracingAutoConfiguration.class))
			.withUserConfiguration(ObservedMeters.class)
			.run(ctx -> {
				WorkflowClient client = ctx.getBean(WorkflowClient.class);
				String id = client.scheduleNewWorkflow("echo", "o");
				assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(10), false).getRuntimeStatus())
					.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				MeterRegistry meters = ctx.getBean(MeterRegistry.class);
				long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
				while (meters.find("workflow.instances.finished").counter() == null && System.nanoTime() < deadline) {
					Thread.sleep(10);
				}
				assertThat(meters.get("workflow.activity").tag("activity", "upper").tag("outcome", "COMPLETED")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("workflow.turn").tag("workflow", "echo").timers()).isNotEmpty();
				assertThat(meters.get("workflow.turn.active").longTaskTimers()).isNotEmpty();
				assertThat(meters.get("workflow.activity.active").longTaskTimers()).isNotEmpty();
				assertOneNamePerMeter(meters);
			});
	}

	/** The names issue 17 retired appear nowhere, and each meter name has one tag-key set. */
	private static void assertOneNamePerMeter(MeterRegistry meters) {
		assertThat(meters.getMeters()).extracting(m -> m.getId().getName())
			.doesNotContain("workflow.turns", "workflow.turns.active", "workflow.activities.active",
					"workflow.activity.executions");
		java.util.Map<String, java.util.Set<java.util.Set<String>>> tagKeys = new java.util.HashMap<>();
		meters.getMeters()
			.forEach(m -> tagKeys.computeIfAbsent(m.getId().getName(), n -> new java.util.HashSet<>())
				.add(m.getId().getTags().stream().map(io.micrometer.core.instrument.Tag::getKey)
					.collect(java.util.stream.Collectors.toSet())));
		assertThat(tagKeys).allSatisfy((name, keys) -> assertThat(keys).as(name).hasSize(1));
	}

}
