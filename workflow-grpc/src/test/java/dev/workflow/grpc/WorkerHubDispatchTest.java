package dev.workflow.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.engine.Payloads;

/**
 * The hub's parallel claiming loops against a real SQLite backend, with a worker connection that
 * records what it is sent: they never send a worker more than it has room for, a freed place is
 * filled again, and a wait through the instance operations ends when the hub commits the run's end.
 */
class WorkerHubDispatchTest {

	@TempDir
	Path dir;

	@Test
	void claimingLoopsSendNoMoreThanTheWorkerHasRoomForAndRefillFreedPlaces() throws Exception {
		try (WorkflowRuntime runtime = WorkflowRuntime.builder()
			.backend("sqlite", Map.of("connection-string", this.dir.resolve("hub.db").toString()))
			.build()) {
			WorkerHub hub = WorkerHub.forRuntime(runtime, 64, Payloads.DEFAULT_MAX_BYTES);
			runtime.start();
			InstanceOperations ops = new InstanceOperations(runtime, null, Payloads.DEFAULT_MAX_BYTES, Clock.systemUTC());
			String prefix = "hub-room-" + UUID.randomUUID().toString().substring(0, 8) + "-";
			for (int i = 0; i < 6; i++) {
				ops.start("remoteOnly", prefix + i, "1", null, null, null);
			}
			List<WorkflowTurn> sent = new CopyOnWriteArrayList<>();
			WorkerConnection worker = new RecordingWorker(sent, 2);
			hub.start();
			try {
				Object handle = hub.connect(worker);
				awaitTrue(() -> sent.size() >= 2);
				// every claiming loop has had many chances to over-send meanwhile
				Thread.sleep(1500);
				assertEquals(2, sent.size(), "a worker with room for 2 turns got " + sent.size());

				WorkflowTurn first = sent.get(0);
				CompletableFuture<InstanceMetadata> waited = CompletableFuture
					.supplyAsync(() -> waitQuietly(ops, first.instanceId()));
				hub.completeTurn(first.instanceId(), first.completionToken(), List.of(new TurnAction.CompleteRun(0,
						WorkflowRuntimeStatus.COMPLETED, "2", null, List.of())), null);
				InstanceMetadata done = waited.get(30, TimeUnit.SECONDS);
				assertEquals(WorkflowRuntimeStatus.COMPLETED, done.status());
				assertEquals("2", done.output());

				// the freed place is filled again, and only that one
				awaitTrue(() -> sent.size() >= 3);
				Thread.sleep(1000);
				assertEquals(3, sent.size(), "one freed place must bring exactly one more turn");
				assertEquals(3, sent.stream().map(WorkflowTurn::instanceId).distinct().count(),
						"each turn sent is of a different instance");
				hub.disconnect(handle);
				assertEquals(0, hub.connectedWorkers());
			}
			finally {
				hub.close();
			}
		}
	}

	private static InstanceMetadata waitQuietly(InstanceOperations ops, String instanceId) {
		try {
			return ops.waitForCompletion(instanceId, Duration.ofSeconds(30));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!condition.getAsBoolean()) {
			assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
			Thread.sleep(20);
		}
	}

	/** A worker that takes a fixed number of turns and records them. */
	private record RecordingWorker(List<WorkflowTurn> sent, int maxTurns) implements WorkerConnection {

		@Override
		public void sendTurn(WorkflowTurn turn) {
			this.sent.add(turn);
		}

		@Override
		public void sendActivity(ActivityCall call) {
			throw new IllegalStateException("no activity was scheduled");
		}

	}

}
