package dev.workflow.backend.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 workflows of 3 activities while the worker JVM is killed with SIGKILL at random points 5
 * times (system property {@code killloop.kills}) and restarted. Afterwards every workflow is
 * COMPLETED with its output, completed once, every task has exactly one completion in history, and
 * every activity ran at least once. {@code scripts/kill-loop-under-load.sh} runs it repeatedly with
 * both cores kept busy.
 */
class KillLoopTest {

	private static final int WORKFLOWS = 2000;

	private static final int KILLS = Integer.getInteger("killloop.kills", 5);

	private static final Map<String, String> SHORT_LEASES = Map.of("orchestration-lock-timeout", "2s",
			"activity-lock-timeout", "2s");

	@Test
	@Timeout(900)
	void postgres() throws Exception {
		TestDatabases.resetPostgres("killloop_");
		Map<String, String> config = new HashMap<>(SHORT_LEASES);
		config.putAll(TestDatabases.postgres("killloop_"));
		killLoop("jdbc", config, "pg");
	}

	@Test
	@Timeout(900)
	void sqlite() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "killloop"));
		Map<String, String> config = new HashMap<>(SHORT_LEASES);
		config.put("connection-string", dir.resolve("kl-" + UUID.randomUUID() + ".db").toAbsolutePath().toString());
		killLoop("sqlite", config, "sqlite");
	}

	@Test
	@Timeout(900)
	void h2() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "killloop"));
		Map<String, String> config = new HashMap<>(SHORT_LEASES);
		config.put("url", "jdbc:h2:file:" + dir.resolve("kl-" + UUID.randomUUID()).toAbsolutePath());
		killLoop("jdbc", config, "h2");
	}

	@Test
	@Timeout(900)
	void actorsJdbcH2() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "killloop"));
		Map<String, String> config = new HashMap<>(SHORT_LEASES);
		config.put("url", "jdbc:h2:file:" + dir.resolve("kl-actors-" + UUID.randomUUID()).toAbsolutePath());
		config.put("state-store", "jdbc");
		config.put("partition-lease-timeout", "2s");
		killLoop("actors", config, "actors-h2");
	}

	@Test
	@Timeout(900)
	void actorsJdbc() throws Exception {
		TestDatabases.resetPostgres("killloop_actors_");
		Map<String, String> config = new HashMap<>(SHORT_LEASES);
		config.putAll(TestDatabases.postgres("killloop_actors_"));
		config.put("state-store", "jdbc");
		config.put("partition-lease-timeout", "2s");
		killLoop("actors", config, "actors");
	}

	private void killLoop(String type, Map<String, String> config, String name) throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "killloop", name + "-" + UUID.randomUUID()));
		Random random = new Random(42);
		for (int kill = 1; kill <= KILLS; kill++) {
			Process worker = start(dir, type, config, kill);
			try {
				// kill at a random point, after the first start has scheduled everything
				long until = System.nanoTime() + Duration.ofMillis(1500 + random.nextInt(2500)).toNanos();
				while (System.nanoTime() < until || (kill == 1 && !Files.exists(dir.resolve("scheduled")))) {
					assertThat(worker.isAlive()).as("worker died by itself; see %s", dir).isTrue();
					Thread.sleep(20);
				}
			}
			finally {
				worker.destroyForcibly();
				worker.waitFor();
			}
		}
		Process last = start(dir, type, config, KILLS + 1);
		try {
			long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
			while (!Files.exists(dir.resolve("all-done"))) {
				assertThat(last.isAlive()).as("worker died by itself; see %s", dir).isTrue();
				assertThat(System.nanoTime()).as("workflows did not all finish").isLessThan(deadline);
				Thread.sleep(100);
			}
		}
		finally {
			last.destroyForcibly();
			last.waitFor();
		}
		try (WorkflowRuntime runtime = KillLoopWorker.runtime(type, config, dir)) {
			runtime.start();
			WorkflowClient client = runtime.client();
			for (int i = 0; i < WORKFLOWS; i++) {
				KillLoopWorker.assertCompletedOnce(client, client.getInstanceState("kl-" + i, true), i);
			}
		}
		Set<String> ran = Files.readAllLines(dir.resolve("activities.log")).stream().collect(Collectors.toSet());
		for (int i = 0; i < WORKFLOWS; i++) {
			for (int t = 0; t < 3; t++) {
				assertThat(ran).as("activity ran at least once").contains("kl-" + i + ":" + t);
			}
		}
	}

	private static Process start(Path dir, String type, Map<String, String> config, int run) throws Exception {
		return KillLoopWorker.launch(dir, WORKFLOWS, type, config, dir.resolve("worker-" + run + ".log"));
	}

}
