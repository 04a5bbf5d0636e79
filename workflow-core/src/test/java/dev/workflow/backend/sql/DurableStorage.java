package dev.workflow.backend.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable backend configurations of the durability crash tests, each on fresh, empty storage,
 * and the reading of a child JVM's output lines.
 */
final class DurableStorage {

	/** A backend type and its configuration on one fresh storage. */
	record Store(String type, Map<String, String> config) {
	}

	/** Which durable configuration. */
	enum Kind {

		/** jdbc on an H2 file. */
		H2_FILE,
		/** sqlite on a file. */
		SQLITE_FILE,
		/** jdbc on PostgreSQL. */
		POSTGRES,
		/** actors with the jdbc store on an H2 file. */
		ACTORS_H2_FILE,
		/** actors with the jdbc store on an SQLite file. */
		ACTORS_SQLITE_FILE,
		/** actors with the jdbc store on PostgreSQL. */
		ACTORS_POSTGRES

	}

	private DurableStorage() {
	}

	/**
	 * Fresh, empty storage of a kind: a new file under {@code dir}, or on PostgreSQL a table prefix
	 * whose tables are dropped first. Leases are short so that a restart takes over quickly from the
	 * killed JVM.
	 * @param kind the configuration
	 * @param dir a folder of its own for this storage
	 * @param pgPrefix the table prefix on PostgreSQL (at most 30 characters, unique per storage)
	 */
	static Store fresh(Kind kind, Path dir, String pgPrefix) throws IOException {
		Files.createDirectories(dir);
		Map<String, String> config = new HashMap<>(Map.of("orchestration-lock-timeout", "2s", "activity-lock-timeout", "2s"));
		String h2 = "jdbc:h2:file:" + dir.resolve("wf").toAbsolutePath();
		String sqlite = dir.resolve("wf.db").toAbsolutePath().toString();
		switch (kind) {
			case H2_FILE -> config.put("url", h2);
			case SQLITE_FILE -> config.put("connection-string", sqlite);
			case POSTGRES -> {
				TestDatabases.resetPostgres(pgPrefix);
				config.putAll(TestDatabases.postgres(pgPrefix));
			}
			case ACTORS_H2_FILE -> config.put("url", h2);
			case ACTORS_SQLITE_FILE -> config.put("url", "jdbc:sqlite:" + sqlite);
			case ACTORS_POSTGRES -> {
				TestDatabases.resetPostgres(pgPrefix);
				config.putAll(TestDatabases.postgres(pgPrefix));
			}
		}
		String type = switch (kind) {
			case H2_FILE, POSTGRES -> "jdbc";
			case SQLITE_FILE -> "sqlite";
			case ACTORS_H2_FILE, ACTORS_SQLITE_FILE, ACTORS_POSTGRES -> "actors";
		};
		if (type.equals("actors")) {
			config.put("state-store", "jdbc");
			config.put("partition-lease-timeout", "2s");
		}
		return new Store(type, config);
	}

	/**
	 * The complete lines (ended by a newline) a child has written so far; a line still being
	 * written is left out, so a line read here was printed whole.
	 */
	static List<String> lines(Path log) throws IOException {
		if (!Files.exists(log)) {
			return List.of();
		}
		String text = Files.readString(log, StandardCharsets.UTF_8);
		int end = text.lastIndexOf('\n');
		if (end < 0) {
			return List.of();
		}
		return new ArrayList<>(List.of(text.substring(0, end).split("\n", -1)));
	}

	/**
	 * Polls the child's output until a line matches; fails if the child dies or the timeout passes.
	 * @return whether a line matched ({@code false} if {@code orElse} matched first)
	 */
	static boolean awaitLine(Process child, Path log, Predicate<String> until, Predicate<String> orElse,
			Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		int seen = 0;
		while (true) {
			List<String> lines = lines(log);
			for (int i = seen; i < lines.size(); i++) {
				if (until.test(lines.get(i))) {
					return true;
				}
				if (orElse.test(lines.get(i))) {
					return false;
				}
			}
			seen = lines.size();
			assertThat(child.isAlive()).as("child JVM died early; see %s", log).isTrue();
			assertThat(System.nanoTime()).as("child never printed the expected line; see %s", log).isLessThan(deadline);
			Thread.sleep(1);
		}
	}

	/** Sends SIGKILL and waits for the process to end. */
	static void kill(Process child) throws InterruptedException {
		child.destroyForcibly(); // SIGKILL on Linux
		child.waitFor();
	}

}
