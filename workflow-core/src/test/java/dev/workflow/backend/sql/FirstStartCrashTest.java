package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash at any point of the first start leaves a store that starts: a child JVM starts a
 * runtime on empty storage and is killed with SIGKILL, in each round at another point: once after
 * the start completed (which measures how long it takes), at fractions of that time (while it
 * connects and Flyway creates its table), then at every step of the schema migration in turn
 * (the migration pauses after each statement, so the kill lands between two given statements).
 * After each kill a new runtime on that storage must start and run a workflow to completion.
 */
@Timeout(1200)
class FirstStartCrashTest {

	/**
	 * Kills at these fractions of the time a first start takes (measured in the same test), counted
	 * from the child's main method: while it loads classes, connects, and Flyway creates its table.
	 */
	private static final double[] START_FRACTIONS = { 0, 0.2, 0.4, 0.6, 0.75, 0.9, 1.0 };

	private static final long STEP_PAUSE_MILLIS = 100;

	@ParameterizedTest
	@EnumSource(DurableStorage.Kind.class)
	void aSigkillAnywhereInTheFirstStartLeavesAStoreThatStarts(DurableStorage.Kind kind) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		int round = 0;
		long startMillis = 0;
		// the first round measures how long a first start takes and is killed after it completed
		for (int i = -1; i < START_FRACTIONS.length; i++) {
			Path dir = dir(kind, run, round);
			DurableStorage.Store store = DurableStorage.fresh(kind, dir, "dfs_" + run + "_" + round++ + "_");
			Path log = dir.resolve("child.log");
			Process child = ChildJvm.start(DurabilityChild.class, log, store.config(), "start", store.type(), "0");
			long delay = i < 0 ? 0 : Math.round(startMillis * START_FRACTIONS[i]);
			try {
				DurableStorage.awaitLine(child, log, "JVM"::equals, l -> false, Duration.ofSeconds(120));
				long began = System.nanoTime();
				if (i < 0) {
					DurableStorage.awaitLine(child, log, "STARTED"::equals, l -> false, Duration.ofSeconds(120));
					startMillis = Duration.ofNanos(System.nanoTime() - began).toMillis();
				}
				else {
					Thread.sleep(delay);
				}
			}
			finally {
				DurableStorage.kill(child);
			}
			restartAndRun(kind, store, (i < 0 ? "killed after the start completed (" + startMillis + " ms)"
					: "killed " + delay + " ms after the child's main began") + "; see " + log);
		}
		// every step of the migration in turn, until the child starts before reaching the step
		for (int step = 1;; step++) {
			assertThat(step).as("the migration has far fewer steps than that").isLessThan(60);
			Path dir = dir(kind, run, round);
			DurableStorage.Store store = DurableStorage.fresh(kind, dir, "dfs_" + run + "_" + round++ + "_");
			Path log = dir.resolve("child.log");
			Process child = ChildJvm.start(DurabilityChild.class, log, store.config(), "start", store.type(),
					Long.toString(STEP_PAUSE_MILLIS));
			String marker = "workflow-migration-step " + step + " ";
			boolean reached;
			try {
				reached = DurableStorage.awaitLine(child, log, l -> l.startsWith(marker), "STARTED"::equals,
						Duration.ofSeconds(120));
			}
			finally {
				DurableStorage.kill(child);
			}
			restartAndRun(kind, store, (reached ? "killed at migration step " + step : "killed after the start completed")
					+ "; see " + log);
			if (!reached) {
				break;
			}
		}
	}

	private static Path dir(DurableStorage.Kind kind, String run, int round) {
		return Path.of("target", "durability", "first-start-" + kind.name().toLowerCase() + "-" + run + "-" + round);
	}

	private static void restartAndRun(DurableStorage.Kind kind, DurableStorage.Store store, String round) {
		String id = "first-" + UUID.randomUUID().toString().substring(0, 8);
		try (WorkflowRuntime runtime = DurabilityChild.runtime(store.type(), store.config())) {
			runtime.start();
			runtime.client().scheduleNewWorkflow(DurabilityChild.HELLO, "after crash", id);
			WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(60), true);
			assertThat(s.getRuntimeStatus()).as("on %s, %s", kind, round).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("hello after crash");
		}
		catch (Exception | AssertionError ex) {
			throw new AssertionError("The restart after a crash during the first start failed on " + kind + ", " + round
					+ ": " + ex, ex);
		}
	}

}
