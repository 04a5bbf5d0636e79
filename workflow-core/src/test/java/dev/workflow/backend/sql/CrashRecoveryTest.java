package dev.workflow.backend.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM running a workflow is killed with SIGKILL in the middle of an activity; a new
 * runtime on the same database completes the workflow. The activity ran at least once more, and
 * the history holds exactly one completion per task.
 */
@Timeout(120)
class CrashRecoveryTest {

	private static final Map<String, String> SHORT_LEASES = Map.of("orchestration-lock-timeout", "2s",
			"activity-lock-timeout", "2s");

	@Test
	void sqliteFileSurvivesSigkillMidActivity() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "crash", "sqlite-" + UUID.randomUUID()));
		Map<String, String> config = new java.util.HashMap<>(SHORT_LEASES);
		config.put("connection-string", dir.resolve("wf.db").toAbsolutePath().toString());
		crashAndRecover("sqlite", config, dir);
	}

	@Test
	void postgresSurvivesSigkillMidActivity() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "crash", "pg-" + UUID.randomUUID()));
		TestDatabases.resetPostgres("crash_");
		Map<String, String> config = new java.util.HashMap<>(SHORT_LEASES);
		config.putAll(TestDatabases.postgres("crash_"));
		crashAndRecover("jdbc", config, dir);
	}

	@Test
	void actorsJdbcOnPostgresSurvivesSigkillMidActivity() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "crash", "actors-pg-" + UUID.randomUUID()));
		TestDatabases.resetPostgres("crash_actors_");
		Map<String, String> config = new java.util.HashMap<>(SHORT_LEASES);
		config.putAll(TestDatabases.postgres("crash_actors_"));
		config.put("state-store", "jdbc");
		config.put("partition-lease-timeout", "2s");
		crashAndRecover("actors", config, dir);
	}

	/**
	 * The JVM is killed before a 2 s timer is due and started again 5 s later: the reminder that
	 * fell due while it was down fires once, and the workflow resumes once.
	 */
	@Test
	void actorsJdbcTimerDueWhileDownFiresOnceAfterRestart() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "crash", "timer-" + UUID.randomUUID()));
		TestDatabases.resetPostgres("crash_timer_");
		Map<String, String> config = new java.util.HashMap<>(SHORT_LEASES);
		config.putAll(TestDatabases.postgres("crash_timer_"));
		config.put("state-store", "jdbc");
		config.put("partition-lease-timeout", "2s");
		String instanceId = "timer-" + UUID.randomUUID().toString().substring(0, 8);
		Process child = startChild(dir, instanceId, "sleepy", "actors", config);
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (!Files.exists(dir.resolve("armed"))) {
				assertThat(child.isAlive()).as("child JVM died early; see %s", dir.resolve("child.log")).isTrue();
				assertThat(System.nanoTime()).as("workflow never started in the child").isLessThan(deadline);
				Thread.sleep(20);
			}
			Thread.sleep(500); // the turn that creates the timer commits right after the activity
		}
		finally {
			child.destroyForcibly();
			child.waitFor();
		}
		long killedAt = System.nanoTime();
		Thread.sleep(5000);
		try (WorkflowRuntime runtime = CrashScenario.runtime("actors", config, dir)) {
			runtime.start();
			WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(instanceId, Duration.ofSeconds(30), true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(Integer.class)).isEqualTo(42);
			assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThan(Duration.ofSeconds(5));
			List<HistoryEvent> history = runtime.client().getInstanceHistory(instanceId);
			assertThat(history.stream().filter(dev.workflow.history.TimerCreated.class::isInstance)).hasSize(1);
			assertThat(history.stream().filter(dev.workflow.history.TimerFired.class::isInstance)).hasSize(1);
			assertThat(history.stream().filter(TaskCompleted.class::isInstance).map(e -> ((TaskCompleted) e).taskScheduledId()))
				.containsExactly(0, 2);
		}
	}

	private static Process startChild(Path dir, String instanceId, String workflow, String type, Map<String, String> config)
			throws java.io.IOException {
		return ChildJvm.start(CrashScenario.class, dir.resolve("child.log"), config, dir.toAbsolutePath().toString(),
				instanceId, workflow, type);
	}

	private void crashAndRecover(String type, Map<String, String> config, Path dir) throws Exception {
		String instanceId = "crash-" + UUID.randomUUID().toString().substring(0, 8);
		Files.createFile(dir.resolve("hang"));
		Process child = startChild(dir, instanceId, "crashy", type, config);
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (CrashScenario.runs(dir) < 1) {
				assertThat(child.isAlive()).as("child JVM died early; see %s", dir.resolve("child.log")).isTrue();
				assertThat(System.nanoTime()).as("activity never started in the child").isLessThan(deadline);
				Thread.sleep(50);
			}
		}
		finally {
			child.destroyForcibly(); // SIGKILL on Linux
			child.waitFor();
		}
		assertThat(child.exitValue()).isEqualTo(137);
		Files.delete(dir.resolve("hang"));
		try (WorkflowRuntime runtime = CrashScenario.runtime(type, config, dir)) {
			runtime.start();
			WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(instanceId, Duration.ofSeconds(60), true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("slow(41)+42");
			assertThat(CrashScenario.runs(dir)).isGreaterThanOrEqualTo(2);
			List<HistoryEvent> history = runtime.client().getInstanceHistory(instanceId);
			assertThat(history.stream().filter(TaskCompleted.class::isInstance).map(e -> ((TaskCompleted) e).taskScheduledId()))
				.containsExactly(0, 1);
		}
	}

}
