package dev.workflow.backend.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.backend.actors.ActorsWorkflowBackend;

/**
 * Two replicas of the actors backend on one PostgreSQL state store: this JVM (A), which schedules
 * 1,000 three-activity workflows, and a child JVM (B). Once both have done part of the work, B is
 * killed with SIGKILL; A takes B's partitions after their leases expire and finishes everything.
 * Each workflow completes once with the right output, each activity's result is recorded once,
 * every activity ran at least once, and both replicas did work.
 */
class ActorsTwoReplicaKillTest {

	private static final int WORKFLOWS = 1000;

	@Test
	@Timeout(300)
	void oneOfTwoReplicasKilledMidwayAllWorkflowsCompleteExactlyOnce() throws Exception {
		TestDatabases.resetPostgres("tworeplica_");
		Map<String, String> config = new HashMap<>(TestDatabases.postgres("tworeplica_"));
		config.put("state-store", "jdbc");
		config.put("partition-lease-timeout", "2s");
		config.put("reminder-poll-interval", "100ms");
		config.put("orchestration-lock-timeout", "2s");
		config.put("activity-lock-timeout", "2s");
		Path dir = Files.createDirectories(Path.of("target", "tworeplica", UUID.randomUUID().toString()));
		Path dirA = Files.createDirectories(dir.resolve("a"));
		Path dirB = Files.createDirectories(dir.resolve("b"));
		ActorsWorkflowBackend backendA = (ActorsWorkflowBackend) WorkflowBackends.create("actors",
				new BackendConfiguration(config), BackendContext.EMPTY);
		try (WorkflowRuntime a = KillLoopWorker.runtime(backendA, dirA)) {
			a.start();
			Process b = startReplicaB(dirB, config);
			int heldByABeforeKill;
			CompletableFuture<Void> scheduling;
			try {
				long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
				while (backendA.heldPartitions().size() != 16) {
					assertThat(b.isAlive()).as("replica B died by itself; see %s", dirB).isTrue();
					assertThat(System.nanoTime()).as("B should take half the partitions").isLessThan(deadline);
					Thread.sleep(20);
				}
				scheduling = CompletableFuture.runAsync(() -> {
					for (int i = 0; i < WORKFLOWS; i++) {
						a.client().scheduleNewWorkflow("seq3", new NewWorkflowOptions().setInstanceId("kl-" + i).setInput(i));
					}
				});
				while (lines(dirB) < 600 || lines(dirA) < 600) {
					assertThat(b.isAlive()).as("replica B died by itself; see %s", dirB).isTrue();
					assertThat(System.nanoTime()).as("both replicas should be working").isLessThan(deadline);
					Thread.sleep(20);
				}
				heldByABeforeKill = backendA.heldPartitions().size();
			}
			finally {
				b.destroyForcibly(); // SIGKILL
				b.waitFor();
			}
			assertThat(heldByABeforeKill).as("B held a share of the partitions while it ran").isEqualTo(16);
			assertThat(lines(dirA) + lines(dirB)).as("killed midway").isLessThan(3 * WORKFLOWS);
			scheduling.get(120, TimeUnit.SECONDS);

			WorkflowClient client = a.client();
			long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
			for (int i = 0; i < WORKFLOWS; i++) {
				String id = "kl-" + i;
				WorkflowInstanceStatus s = client.waitForInstanceCompletion(id,
						Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), true);
				KillLoopWorker.assertCompletedOnce(client, s, i);
			}
			assertThat(backendA.heldPartitions()).as("A took B's partitions").hasSize(32);
		}
		Set<String> ran = new HashSet<>(Files.readAllLines(dirA.resolve("activities.log")));
		ran.addAll(Files.readAllLines(dirB.resolve("activities.log")));
		for (int i = 0; i < WORKFLOWS; i++) {
			for (int t = 0; t < 3; t++) {
				assertThat(ran).as("activity ran at least once").contains("kl-" + i + ":" + t);
			}
		}
	}

	private static long lines(Path dir) throws java.io.IOException {
		Path log = dir.resolve("activities.log");
		if (!Files.exists(log)) {
			return 0;
		}
		try (var s = Files.lines(log)) {
			return s.count();
		}
	}

	private static Process startReplicaB(Path dir, Map<String, String> config) throws Exception {
		// a worker only: A schedules
		return KillLoopWorker.launch(dir, 0, "actors", config, dir.resolve("replica-b.log"));
	}

}
