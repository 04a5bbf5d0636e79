package dev.workflow.backend.sql;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.ScheduleCatchUpPolicy;
import dev.workflow.ScheduleOverlapPolicy;
import dev.workflow.ScheduleSpec;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.OperationsFixtures;
import dev.workflow.backend.WorkflowBackends;

import static dev.workflow.backend.OperationsFixtures.assertEachRunRanOnce;
import static dev.workflow.backend.OperationsFixtures.await;
import static dev.workflow.backend.OperationsFixtures.dueSeconds;
import static dev.workflow.backend.OperationsFixtures.runs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable schedule on two replicas sharing one PostgreSQL database (two runtimes, each with its
 * own backend and connections, both declaring the schedule): every due time starts one run, and
 * after both replicas were down across several due times, the replicas that come back start the
 * missed ones (RUN_ALL), each once.
 */
@Timeout(120)
class PostgresSchedulesTest {

	private static final String PREFIX = "ops_replicas_";

	@Test
	void twoReplicasStartEachDueTimeOnceAndCatchUpAfterARestart() throws Exception {
		TestDatabases.resetPostgres(PREFIX);
		String id = OperationsFixtures.scheduleId("ops-pg");
		ScheduleSpec spec = ScheduleSpec.builder(id, "ops-tick")
			.cron("*/1 * * * * *")
			.overlap(ScheduleOverlapPolicy.ALLOW)
			.catchUp(ScheduleCatchUpPolicy.RUN_ALL)
			.catchUpWindow(Duration.ofMinutes(1))
			.build();
		Instant down;
		try (WorkflowRuntime a = replica(spec); WorkflowRuntime b = replica(spec)) {
			await("three runs", Duration.ofSeconds(30), () -> runs(a.client(), id).size() >= 3);
			assertThat(b.schedules().list()).hasSize(1);
			down = Instant.now();
		}
		Thread.sleep(3200);
		Instant up = Instant.now();
		try (WorkflowRuntime a = replica(spec); WorkflowRuntime b = replica(spec)) {
			long from = down.getEpochSecond() + 1;
			long to = up.getEpochSecond() - 1;
			await("runs for the due times missed while down", Duration.ofSeconds(30),
					() -> dueSeconds(runs(a.client(), id), id).stream().filter(s -> s >= from && s <= to).count() >= 2);
			await("a run after the restart", Duration.ofSeconds(30),
					() -> dueSeconds(runs(b.client(), id), id).stream().anyMatch(s -> s > to));
			assertThat(a.schedules().delete(id)).isTrue();
			List<Long> seconds = dueSeconds(runs(b.client(), id), id);
			assertThat(seconds).doesNotHaveDuplicates().hasSameSizeAs(runs(b.client(), id));
			assertEachRunRanOnce(b.client(), id);
		}
	}

	private static WorkflowRuntime replica(ScheduleSpec spec) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder()
			.backend(WorkflowBackends.create("jdbc", new BackendConfiguration(TestDatabases.postgres(PREFIX)),
					BackendContext.EMPTY));
		OperationsFixtures.register(builder);
		WorkflowRuntime runtime = builder.build();
		runtime.start();
		runtime.schedules().create(spec);
		return runtime;
	}

}
