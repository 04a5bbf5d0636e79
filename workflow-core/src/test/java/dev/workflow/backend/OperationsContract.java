package dev.workflow.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.workflow.ScheduleCatchUpPolicy;
import dev.workflow.ScheduleDescription;
import dev.workflow.ScheduleOverlapPolicy;
import dev.workflow.ScheduleSpec;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRetention;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;

import static dev.workflow.backend.OperationsFixtures.assertEachRunRanOnce;
import static dev.workflow.backend.OperationsFixtures.await;
import static dev.workflow.backend.OperationsFixtures.dueSeconds;
import static dev.workflow.backend.OperationsFixtures.runs;
import static dev.workflow.backend.OperationsFixtures.scheduleId;
import static dev.workflow.backend.OperationsFixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract tests for durable schedules and retention, which are system workflows and so must work
 * on every backend: one start per due time with two runtimes on one storage, overlap, pause,
 * resume, trigger and delete, catch-up after downtime, and retention purging old finished
 * instances in batches while leaving young and running ones. Implemented by
 * {@link WorkflowBackendContractTest}.
 */
public interface OperationsContract extends BackendUnderTest {

	/** Long enough for a slow shared machine, short enough to fail a broken schedule quickly. */
	Duration OPS_WAIT = Duration.ofSeconds(30);

	@Test
	default void cronScheduleOnTwoRuntimesStartsEachDueTimeOnce() throws Exception {
		String id = scheduleId("ops-cron");
		ScheduleSpec spec = ScheduleSpec.builder(id, "ops-tick").cron("*/1 * * * * *").inputJson("\"hi\"").build();
		try (WorkflowRuntime first = opsRuntime(createBackend("ops_two", Map.of()), null)) {
			assertThat(first.schedules().create(spec)).isTrue();
			WorkflowBackend beside = backendSharing("ops_two", "schedule:" + id, first.backend());
			// where both share one backend object, closing the second would stop it under the first:
			// everything is checked before either closes
			try (WorkflowRuntime second = opsRuntime(beside, null)) {
				assertThat(second.schedules().create(spec)).isFalse();
				await("three runs", OPS_WAIT, () -> runs(first.client(), id).size() >= 3);
				assertThat(second.schedules().delete(id)).isTrue();
				List<WorkflowInstanceStatus> runs = runs(first.client(), id);
				assertThat(dueSeconds(runs, id)).doesNotHaveDuplicates().hasSameSizeAs(runs);
				assertEachRunRanOnce(first.client(), id);
				assertThat(first.client().getInstanceState(runs.get(0).getInstanceId(), true).readOutputAs(String.class))
					.isEqualTo("hi");
			}
		}
	}

	@Test
	default void scheduleSkipsOverlapsAndObeysTriggerPauseResumeAndDelete() throws Exception {
		String id = scheduleId("ops-ctl");
		try (WorkflowRuntime runtime = opsRuntime(createBackend("ops_ctl", Map.of()), null)) {
			WorkflowClient client = runtime.client();
			runtime.schedules()
				.create(ScheduleSpec.builder(id, "ops-hold").interval(Duration.ofSeconds(1)).build());
			await("the first run", OPS_WAIT, () -> runs(client, id).size() == 1);
			sleep(Duration.ofMillis(1600));
			assertThat(runs(client, id)).as("runs while the first still runs (overlap SKIP)").hasSize(1);

			runtime.schedules().triggerNow(id);
			await("the triggered run", OPS_WAIT, () -> runs(client, id).size() == 2);
			assertThat(runs(client, id)).anyMatch(r -> r.getInstanceId().startsWith(id + "-t"));

			runtime.schedules().pause(id);
			await("the pause", OPS_WAIT, () -> runtime.schedules().get(id).map(ScheduleDescription::paused).orElse(false));
			release(client, id);
			int paused = runs(client, id).size();
			sleep(Duration.ofMillis(1200));
			assertThat(runs(client, id)).as("runs while paused").hasSize(paused);

			runtime.schedules().resume(id);
			await("a run after resume", OPS_WAIT, () -> runs(client, id).size() > paused);
			assertThat(runtime.schedules().list()).extracting(ScheduleDescription::id).contains(id);

			assertThat(runtime.schedules().delete(id)).isTrue();
			assertThat(runtime.schedules().get(id)).isEmpty();
			assertThat(client.getInstanceState("schedule:" + id, false)).isNull();
			assertThat(runtime.schedules().delete(id)).isFalse();
			release(client, id);
			assertEachRunRanOnce(client, id);
		}
	}

	@Test
	default void scheduleCatchesUpOnDueTimesMissedWhileDown() throws Exception {
		String id = scheduleId("ops-catch");
		ScheduleSpec spec = ScheduleSpec.builder(id, "ops-tick")
			.interval(Duration.ofSeconds(1))
			.catchUp(ScheduleCatchUpPolicy.RUN_ALL)
			.catchUpWindow(Duration.ofMinutes(1))
			.overlap(ScheduleOverlapPolicy.ALLOW)
			.build();
		WorkflowBackend backend = createBackend("ops_catch", Map.of());
		Instant down;
		try (WorkflowRuntime before = opsRuntime(backend, null)) {
			before.schedules().create(spec);
			await("the first run", OPS_WAIT, () -> !runs(before.client(), id).isEmpty());
			if (this instanceof VersioningContract v && !v.keepsDataAcrossRestart()) {
				// the store lives in the backend: suspending the schedule stands in for the downtime
				before.client().suspendWorkflow("schedule:" + id, "down");
				down = Instant.now();
				sleep(Duration.ofMillis(3200));
				Instant up = Instant.now();
				before.client().resumeWorkflow("schedule:" + id, "up");
				assertCaughtUp(before.client(), id, down, up);
				return;
			}
			down = Instant.now();
		}
		sleep(Duration.ofMillis(3200));
		Instant up = Instant.now();
		try (WorkflowRuntime after = opsRuntime(backendSharing("ops_catch", "schedule:" + id, backend), null)) {
			assertCaughtUp(after.client(), id, down, up);
			after.schedules().delete(id);
		}
	}

	private static void assertCaughtUp(WorkflowClient client, String id, Instant down, Instant up) throws Exception {
		long from = down.getEpochSecond() + 1;
		long to = up.getEpochSecond() - 1;
		await("runs for the due times missed while down", OPS_WAIT,
				() -> dueSeconds(runs(client, id), id).stream().filter(s -> s >= from && s <= to).count() >= 2);
		assertEachRunRanOnce(client, id);
	}

	@Test
	default void retentionPurgesOldFinishedInstancesInBatchesAndKeepsYoungAndRunningOnes() throws Exception {
		AtomicInteger purged = new AtomicInteger();
		WorkflowRetention retention = new WorkflowRetention().completed(Duration.ofSeconds(2))
			.failed(Duration.ofSeconds(2))
			.interval(Duration.ofSeconds(1))
			.batchSize(2)
			.listener((status, count) -> purged.addAndGet(count));
		try (WorkflowRuntime runtime = opsRuntime(createBackend("ops_ret", Map.of()), retention)) {
			WorkflowClient client = runtime.client();
			String run = "ops-ret-" + UUID.randomUUID();
			String running = client.scheduleNewWorkflow("ops-hold", "x", run + "-running");
			String terminated = client.scheduleNewWorkflow("ops-hold", "x", run + "-terminated");
			client.terminateWorkflow(terminated, null);
			String failed = client.scheduleNewWorkflow("ops-fail", "x", run + "-failed");
			List<String> old = new java.util.ArrayList<>(List.of(failed));
			for (int i = 0; i < 5; i++) {
				old.add(client.scheduleNewWorkflow("ops-tick", "x", run + "-old-" + i));
			}
			for (String instance : old) {
				client.waitForInstanceCompletion(instance, OPS_WAIT, false);
			}
			client.waitForInstanceCompletion(terminated, OPS_WAIT, false);
			await("old instances purged", OPS_WAIT,
					() -> old.stream().allMatch(i -> client.getInstanceState(i, false) == null));
			// the listener hears of a batch once the whole batch is purged
			await("the purge count", OPS_WAIT, () -> purged.get() >= 6);
			assertThat(purged).hasValue(6);

			String young = client.scheduleNewWorkflow("ops-tick", "x", run + "-young");
			client.waitForInstanceCompletion(young, OPS_WAIT, false);
			sleep(Duration.ofMillis(1200));
			assertThat(client.getInstanceState(young, false)).as("an instance finished under 2 s ago").isNotNull();
			assertThat(client.getInstanceState(running, false).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.RUNNING);
			assertThat(client.getInstanceState(terminated, false).getRuntimeStatus())
				.as("terminated instances are kept: no retention set for them")
				.isEqualTo(WorkflowRuntimeStatus.TERMINATED);
			assertThat(client.getInstanceState(WorkflowRetention.INSTANCE_ID, false).isRunning()).isTrue();
			client.raiseEvent(running, "release");
		}
	}

	private WorkflowRuntime opsRuntime(WorkflowBackend backend, WorkflowRetention retention) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder().backend(backend);
		OperationsFixtures.register(builder);
		if (retention != null) {
			builder.retention(retention);
		}
		WorkflowRuntime runtime = builder.build();
		runtime.start();
		return runtime;
	}

	/**
	 * Another backend on a storage, for a second runtime or a restart: a backend of its own where
	 * the storage is shared between backends, else the given backend object (in-memory stores keep
	 * their data in the backend).
	 */
	private WorkflowBackend backendSharing(String storage, String probeId, WorkflowBackend fallback) {
		WorkflowBackend candidate = createBackend(storage, Map.of());
		candidate.start();
		boolean shared = candidate.getInstance(probeId) != null;
		candidate.stop();
		return shared ? createBackend(storage, Map.of()) : fallback;
	}

	private static void release(WorkflowClient client, String id) {
		for (WorkflowInstanceStatus run : runs(client, id)) {
			if (run.isRunning()) {
				client.raiseEvent(run.getInstanceId(), "release");
			}
		}
	}

}
