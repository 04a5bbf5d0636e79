package dev.workflow.operations;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.ScheduleCatchUpPolicy;
import dev.workflow.ScheduleOverlapPolicy;
import dev.workflow.ScheduleSpec;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowSchedule;
import dev.workflow.backend.OperationsFixtures;

import static dev.workflow.backend.OperationsFixtures.await;
import static dev.workflow.backend.OperationsFixtures.dueSeconds;
import static dev.workflow.backend.OperationsFixtures.runs;
import static dev.workflow.backend.OperationsFixtures.scheduleId;
import static dev.workflow.backend.OperationsFixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The overlap and catch-up policies the contract does not cover (BUFFER_ONE, ALLOW, SKIP_MISSED,
 * RUN_LATEST), on the default backend, and the checks a {@link ScheduleSpec} makes. The policies
 * live in the schedule workflow, the same on every backend.
 */
@Timeout(120)
class SchedulePoliciesTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void bufferOneKeepsOneDueRunWaitingUntilThePreviousEnds() {
		try (WorkflowRuntime runtime = runtime()) {
			WorkflowClient client = runtime.client();
			String id = scheduleId("buffer");
			runtime.schedules()
				.create(ScheduleSpec.builder(id, "ops-hold")
					.interval(Duration.ofSeconds(1))
					.overlap(ScheduleOverlapPolicy.BUFFER_ONE)
					.build());
			await("the first run", WAIT, () -> runs(client, id).size() == 1);
			sleep(Duration.ofMillis(2500));
			assertThat(runs(client, id)).as("runs while the first holds").hasSize(1);
			client.raiseEvent(runs(client, id).get(0).getInstanceId(), "release");
			await("the buffered run", WAIT, () -> runs(client, id).size() == 2);
			sleep(Duration.ofMillis(1500));
			assertThat(runs(client, id)).as("one buffered run at most").hasSize(2);
			runtime.schedules().delete(id);
			releaseAll(client, id);
		}
	}

	@Test
	void allowStartsEveryDueTimeWhileEarlierRunsRun() {
		try (WorkflowRuntime runtime = runtime()) {
			WorkflowClient client = runtime.client();
			String id = scheduleId("allow");
			runtime.schedules()
				.create(ScheduleSpec.builder(id, "ops-hold")
					.interval(Duration.ofSeconds(1))
					.overlap(ScheduleOverlapPolicy.ALLOW)
					.build());
			await("three overlapping runs", WAIT,
					() -> runs(client, id).stream().filter(WorkflowInstanceStatus::isRunning).count() >= 3);
			runtime.schedules().delete(id);
			releaseAll(client, id);
		}
	}

	@Test
	void skipMissedStartsNoMissedRunAndRunLatestStartsOne() {
		try (WorkflowRuntime runtime = runtime()) {
			WorkflowClient client = runtime.client();
			String skip = scheduleId("skip");
			String latest = scheduleId("latest");
			runtime.schedules()
				.create(ScheduleSpec.builder(skip, "ops-tick")
					.interval(Duration.ofSeconds(1))
					.catchUpWindow(Duration.ofMillis(900))
					.build());
			runtime.schedules()
				.create(ScheduleSpec.builder(latest, "ops-tick")
					.interval(Duration.ofSeconds(1))
					.catchUp(ScheduleCatchUpPolicy.RUN_LATEST)
					.catchUpWindow(Duration.ZERO)
					.build());
			await("first runs", WAIT, () -> !runs(client, skip).isEmpty());
			// suspending the schedule instances stands in for every replica being down
			client.suspendWorkflow("schedule:" + skip, "down");
			client.suspendWorkflow("schedule:" + latest, "down");
			Instant down = Instant.now();
			sleep(Duration.ofMillis(4200));
			Instant up = Instant.now();
			client.resumeWorkflow("schedule:" + skip, "up");
			client.resumeWorkflow("schedule:" + latest, "up");
			long from = down.getEpochSecond() + 1;
			long to = up.getEpochSecond() - 1;
			await("the latest missed run", WAIT,
					() -> dueSeconds(runs(client, latest), latest).stream().anyMatch(s -> s >= to));
			await("a run after the downtime", WAIT,
					() -> dueSeconds(runs(client, skip), skip).stream().anyMatch(s -> s > to));
			assertThat(dueSeconds(runs(client, skip), skip)).as("SKIP_MISSED").noneMatch(s -> s >= from && s < to);
			assertThat(dueSeconds(runs(client, latest), latest)).as("RUN_LATEST").noneMatch(s -> s >= from && s < to - 1);
			runtime.schedules().delete(skip);
			runtime.schedules().delete(latest);
		}
	}

	@Test
	void specRejectsWhatItCannotRunNamingTheRule() {
		assertThatThrownBy(() -> ScheduleSpec.builder("bad id", "w").cron("* * * * * *").build())
			.hasMessageContaining("1 to 48 letters");
		assertThatThrownBy(() -> ScheduleSpec.builder("s", "w").build()).hasMessageContaining("sets neither");
		assertThatThrownBy(() -> ScheduleSpec.builder("s", "w").cron("* * * * * *").interval(Duration.ofSeconds(5)).build())
			.hasMessageContaining("sets both");
		assertThatThrownBy(() -> ScheduleSpec.builder("s", "w").interval(Duration.ofMillis(500)).build())
			.hasMessageContaining("at least one second");
		assertThatThrownBy(() -> ScheduleSpec.builder("s", "w").zone("Mars/Olympus")).hasMessageContaining("zone id");
		assertThatThrownBy(() -> ScheduleSpec.builder("s", "w").cron("0 0 25 * * *").build())
			.hasMessageContaining("hour 25 is out of range 0-23");
	}

	@Test
	void annotationDefaultsNameTheScheduleAfterTheWorkflow() throws Exception {
		Method m = Annotated.class.getDeclaredMethod("report");
		WorkflowSchedule[] found = m.getAnnotationsByType(WorkflowSchedule.class);
		ScheduleSpec first = ScheduleSpec.of("daily report", found[0], 0);
		ScheduleSpec second = ScheduleSpec.of("daily report", found[1], 1);
		assertThat(first.getId()).isEqualTo("daily-report");
		assertThat(first.getCron()).isEqualTo("0 0 6 * * MON-FRI");
		assertThat(first.getZone().getId()).isEqualTo("UTC");
		assertThat(first.getOverlap()).isEqualTo(ScheduleOverlapPolicy.SKIP);
		assertThat(first.getCatchUp()).isEqualTo(ScheduleCatchUpPolicy.SKIP_MISSED);
		assertThat(first.getCatchUpWindow()).isEqualTo(Duration.ofMinutes(1));
		assertThat(second.getId()).isEqualTo("daily-report-2");
		assertThat(second.getInterval()).isEqualTo(Duration.ofHours(1));
		assertThat(second.getInputJson()).isEqualTo("{\"kind\":\"hourly\"}");
	}

	static class Annotated {

		@WorkflowSchedule(cron = "0 0 6 * * MON-FRI")
		@WorkflowSchedule(interval = "PT1H", input = "{\"kind\":\"hourly\"}")
		void report() {
		}

	}

	private static WorkflowRuntime runtime() {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder();
		OperationsFixtures.register(builder);
		WorkflowRuntime runtime = builder.build();
		runtime.start();
		return runtime;
	}

	private static void releaseAll(WorkflowClient client, String id) {
		for (WorkflowInstanceStatus run : runs(client, id)) {
			if (run.isRunning()) {
				client.raiseEvent(run.getInstanceId(), "release");
			}
		}
	}

}
