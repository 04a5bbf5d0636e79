package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.workflow.ScheduleCatchUpPolicy;
import dev.workflow.ScheduleDescription;
import dev.workflow.ScheduleOverlapPolicy;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRetention;
import dev.workflow.WorkflowSchedule;
import dev.workflow.WorkflowSchedules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention properties, the retention metric, the {@link WorkflowSchedules} bean and
 * {@link WorkflowSchedule @WorkflowSchedule} annotations, on a real runtime (actors, memory).
 */
class WorkflowOperationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(WorkflowAutoConfiguration.class, WorkflowOperationsAutoConfiguration.class));

	static class Reports {

		@Workflow(name = "report")
		@WorkflowSchedule(interval = "PT1S", input = "\"tick\"")
		@WorkflowSchedule(id = "report-cron", cron = "*/1 * * * * *", zone = "Europe/Paris",
				overlap = ScheduleOverlapPolicy.ALLOW, catchUp = ScheduleCatchUpPolicy.RUN_ALL, catchUpWindow = "PT5M")
		public String report(WorkflowContext ctx, String input) {
			return "report:" + input;
		}

	}

	static class ScheduleWithoutWorkflow {

		@WorkflowSchedule(cron = "*/1 * * * * *")
		public String report(WorkflowContext ctx) {
			return "report";
		}

	}

	static class BadCron {

		@Workflow
		@WorkflowSchedule(cron = "*/1 * * * *")
		public String report(WorkflowContext ctx) {
			return "report";
		}

	}

	static class Quick {

		@Workflow(name = "quick")
		public String quick(WorkflowContext ctx) {
			return "done";
		}

	}

	@Test
	void retentionIsOffByDefaultAndBindsItsProperties() {
		this.runner.run(ctx -> assertThat(ctx.getBean(WorkflowRetention.class).isEnabled()).isFalse());
		this.runner
			.withPropertyValues("dapr.workflow.retention.completed=7d", "dapr.workflow.retention.failed=30d",
					"dapr.workflow.retention.terminated=1h", "dapr.workflow.retention.interval=5m",
					"dapr.workflow.retention.batch-size=50")
			.run(ctx -> {
				WorkflowRetention retention = ctx.getBean(WorkflowRetention.class);
				assertThat(retention.getCompleted()).isEqualTo(Duration.ofDays(7));
				assertThat(retention.getFailed()).isEqualTo(Duration.ofDays(30));
				assertThat(retention.getTerminated()).isEqualTo(Duration.ofHours(1));
				assertThat(retention.getInterval()).isEqualTo(Duration.ofMinutes(5));
				assertThat(retention.getBatchSize()).isEqualTo(50);
				assertThat(ctx.getBean(WorkflowClient.class).getInstanceState(WorkflowRetention.INSTANCE_ID, false))
					.isNotNull();
			});
	}

	@Test
	void retentionPurgesFinishedInstancesAndCountsThemInMicrometer() {
		this.runner.withBean(Quick.class)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("dapr.workflow.retention.completed=0s", "dapr.workflow.retention.interval=1s")
			.run(ctx -> {
				WorkflowClient client = ctx.getBean(WorkflowClient.class);
				String id = client.scheduleNewWorkflow("quick");
				client.waitForInstanceCompletion(id, Duration.ofSeconds(20), false);
				await(() -> client.getInstanceState(id, false) == null);
				Counter purged = ctx.getBean(MeterRegistry.class)
					.find(WorkflowOperationsAutoConfiguration.PURGED_METRIC)
					.tag("status", "COMPLETED")
					.counter();
				assertThat(purged).isNotNull();
				assertThat(purged.count()).isGreaterThanOrEqualTo(1.0);
			});
	}

	@Test
	void annotatedSchedulesAreCreatedAtStartupAndStartTheirWorkflow() {
		this.runner.withBean(Reports.class).run(ctx -> {
			WorkflowSchedules schedules = ctx.getBean(WorkflowSchedules.class);
			assertThat(schedules.list()).extracting(ScheduleDescription::id).containsExactly("report", "report-cron");
			ScheduleDescription cron = schedules.get("report-cron").orElseThrow();
			assertThat(cron.cron()).isEqualTo("*/1 * * * * *");
			assertThat(cron.zone()).isEqualTo("Europe/Paris");
			assertThat(cron.overlap()).isEqualTo(ScheduleOverlapPolicy.ALLOW);
			assertThat(cron.catchUp()).isEqualTo(ScheduleCatchUpPolicy.RUN_ALL);
			assertThat(cron.catchUpWindow()).isEqualTo(Duration.ofMinutes(5));
			assertThat(schedules.get("report").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(1));
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			await(() -> !client.listInstances(new WorkflowQuery().setInstanceIdPrefix("report-cron-"))
				.getWorkflowInstances()
				.isEmpty());
			await(() -> client.listInstances(new WorkflowQuery().setInstanceIdPrefix("report-1"))
				.getWorkflowInstances()
				.stream()
				.anyMatch(s -> s.isCompleted() && "report:tick".equals(
						client.getInstanceState(s.getInstanceId(), true).readOutputAs(String.class))));
		});
	}

	@Test
	void scheduleWithoutWorkflowFailsTheStartNamingTheMethod() {
		this.runner.withBean(ScheduleWithoutWorkflow.class)
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.hasStackTraceContaining("needs @Workflow on the same method")
				.hasStackTraceContaining("ScheduleWithoutWorkflow.report"));
	}

	@Test
	void invalidCronFailsTheStartNamingTheMethodAndTheRule() {
		this.runner.withBean(BadCron.class)
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.hasStackTraceContaining("BadCron.report")
				.hasStackTraceContaining("expected six")
				.hasStackTraceContaining("*/1 * * * *"));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		Instant end = Instant.now().plusSeconds(30);
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("condition within 30 s").isBefore(end);
			Thread.sleep(100);
		}
	}

}
