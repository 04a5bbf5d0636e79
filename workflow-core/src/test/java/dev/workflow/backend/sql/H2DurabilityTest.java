package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * H2 specifics of durability: which urls get {@code WRITE_DELAY=0}, and stores created with the
 * H2 script from before it was made restartable (kept as a test resource under
 * {@code db/legacy-h2}) still start, keep their data and move to the new checksum. (The actor
 * store's schema was folded into one unreleased version, so it has no earlier scripts to honour.)
 */
class H2DurabilityTest {

	@Test
	void embeddedH2UrlsGetWriteDelayZeroUnlessTheyChooseOne() {
		// written by the committing thread, so through a file system an interrupt does not close
		assertThat(H2Durability.url("jdbc:h2:file:./data/orders")).isEqualTo("jdbc:h2:async:./data/orders;WRITE_DELAY=0");
		assertThat(H2Durability.url("jdbc:h2:./data/orders;AUTO_SERVER=TRUE"))
			.isEqualTo("jdbc:h2:async:./data/orders;AUTO_SERVER=TRUE;WRITE_DELAY=0");
		assertThat(H2Durability.url("jdbc:h2:~/wf")).isEqualTo("jdbc:h2:async:~/wf;WRITE_DELAY=0");
		assertThat(H2Durability.url("jdbc:h2:C:/data/wf")).isEqualTo("jdbc:h2:async:C:/data/wf;WRITE_DELAY=0");
		// a file system the user chose is kept
		assertThat(H2Durability.url("jdbc:h2:nio:./data/wf")).isEqualTo("jdbc:h2:nio:./data/wf;WRITE_DELAY=0");
		// the user's choice is kept
		assertThat(H2Durability.url("jdbc:h2:file:./x;write_delay=500")).isEqualTo("jdbc:h2:file:./x;write_delay=500");
		assertThat(H2Durability.url("jdbc:h2:file:./x;WRITE_DELAY=0;MODE=PostgreSQL"))
			.isEqualTo("jdbc:h2:file:./x;WRITE_DELAY=0;MODE=PostgreSQL");
		// nothing in the file of this process to lose, or not ours
		assertThat(H2Durability.url("jdbc:h2:mem:wf")).isEqualTo("jdbc:h2:mem:wf");
		assertThat(H2Durability.url("jdbc:h2:tcp://localhost/~/wf")).isEqualTo("jdbc:h2:tcp://localhost/~/wf");
		assertThat(H2Durability.url("jdbc:postgresql://localhost/wf")).isEqualTo("jdbc:postgresql://localhost/wf");
	}

	@Test
	void aUserWhoMayNotSetTheWriteDelayGetsAStartupErrorThatSaysWhatToDo() throws Exception {
		Path dir = Path.of("target", "h2", "non-admin-" + UUID.randomUUID().toString().substring(0, 8));
		String url = "jdbc:h2:file:" + dir.resolve("wf").toAbsolutePath();
		try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
			st.execute("CREATE USER app PASSWORD 'secret'");
		}
		assertThatThrownBy(() -> WorkflowBackends.create("jdbc",
				new BackendConfiguration(Map.of("url", url, "username", "app", "password", "secret")), BackendContext.EMPTY))
			.isInstanceOf(BackendConfigurationException.class)
			.hasMessageContaining("WRITE_DELAY=0")
			.hasMessageContaining("admin user");
	}

	/**
	 * H2 alters a table by copying it; a crash between dropping the table and renaming its altered
	 * copy left no table, and the next start failed on the migration that altered it (seen in
	 * {@link FirstStartCrashTest}). The copy is put back, or a stray copy beside an intact table
	 * dropped, before the migrations run.
	 */
	@Test
	void anAlterTableACrashInterruptedIsFinishedBeforeTheMigrationsRun() throws Exception {
		Path dir = Path.of("target", "h2", "alter-copy-" + UUID.randomUUID().toString().substring(0, 8));
		String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("wf");
		BackendConfiguration config = new BackendConfiguration(Map.of("url", url));
		WorkflowBackend first = WorkflowBackends.create("jdbc", config, BackendContext.EMPTY);
		first.start();
		first.stop();
		// the state a kill between H2's DROP TABLE and RENAME of V2_1's ALTER leaves behind, plus a
		// stray copy beside an intact table (a kill before the DROP)
		try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
			st.execute("ALTER TABLE WF_ACTIVITIES RENAME TO WF_ACTIVITIES_COPY_4_0");
			st.execute("DELETE FROM \"wf_schema_history\" WHERE \"version\" = '2.1'");
			st.execute("CREATE TABLE WF_INBOX_COPY_7_1 (X INT)");
		}
		WorkflowBackend again = WorkflowBackends.create("jdbc", config, BackendContext.EMPTY);
		again.start(); // the migrations run again: V2_1 alters WF_ACTIVITIES, which must be there
		again.stop();
		try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
			assertThat(count(st, "WF_ACTIVITIES")).as("the altered copy is the table again").isEqualTo(1);
			assertThat(count(st, "WF_ACTIVITIES_COPY_4_0")).isZero();
			assertThat(count(st, "WF_INBOX_COPY_7_1")).as("the stray copy is gone").isZero();
			assertThat(count(st, "WF_INBOX")).isEqualTo(1);
			st.executeQuery("SELECT trace_parent, trace_state FROM WF_ACTIVITIES").close();
		}
	}

	private static int count(Statement st, String table) throws java.sql.SQLException {
		try (java.sql.ResultSet rs = st.executeQuery(
				"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '" + table + "'")) {
			rs.next();
			return rs.getInt(1);
		}
	}

}
