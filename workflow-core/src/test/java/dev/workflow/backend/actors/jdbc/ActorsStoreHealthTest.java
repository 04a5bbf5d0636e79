package dev.workflow.backend.actors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;

/**
 * The health ping of the actors backend: it answers while the backend runs and its store answers,
 * and fails (health DOWN) when the backend is stopped or its database is closed underneath it.
 */
@Timeout(120)
class ActorsStoreHealthTest {

	private static String h2Url() {
		return "jdbc:h2:file:" + Path.of("target", "h2", "actors-health-" + UUID.randomUUID().toString().substring(0, 8))
			.toAbsolutePath();
	}

	@Test
	void pingFailsOnceTheMemoryBackendIsStopped() {
		WorkflowBackend backend = WorkflowBackends.create("actors",
				new BackendConfiguration(Map.of("state-store", "memory")), BackendContext.EMPTY);
		backend.start();
		backend.ping();
		backend.stop();
		assertThatThrownBy(backend::ping).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
	}

	@Test
	void pingReportsADatabaseClosedUnderTheStoreAndRecoversWhenItIsBack() throws Exception {
		String url = h2Url();
		WorkflowBackend backend = WorkflowBackends.create("actors",
				new BackendConfiguration(Map.of("state-store", "jdbc", "url", url)), BackendContext.EMPTY);
		backend.start();
		try {
			backend.ping();
			// a fatal error closes an H2 database for every session, as SHUTDOWN does (the store opened the
			// file on H2's async: file system; another connection in this JVM has to use the same form)
			try (Connection c = DriverManager.getConnection(url.replace("jdbc:h2:file:", "jdbc:h2:async:"));
					Statement st = c.createStatement()) {
				st.execute("SHUTDOWN");
			}
			assertThatThrownBy(backend::ping).isInstanceOf(RuntimeException.class);
			// the pool drops the dead connections and H2 reopens the file: the ping answers again
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (true) {
				try {
					backend.ping();
					break;
				}
				catch (RuntimeException ex) {
					assertThat(System.nanoTime()).as("the ping recovers: " + ex).isLessThan(deadline);
					Thread.sleep(100);
				}
			}
		}
		finally {
			backend.stop();
		}
		assertThatThrownBy(backend::ping).isInstanceOf(IllegalStateException.class);
	}

}
