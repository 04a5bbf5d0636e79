package dev.workflow.grpc.durabletask;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import dev.workflow.WorkflowRuntime;

/**
 * The durabletask-client 1.5.0 SDK against the endpoint on PostgreSQL (the jdbc backend), at
 * WORKFLOW_TEST_POSTGRES_URL (user and password from _USER and _PASSWORD, default workflow). Fails,
 * never skips, without a server.
 */
class MicrosoftSdkPostgresTest extends MicrosoftSdkTests {

	private static final String URL = System.getenv()
		.getOrDefault("WORKFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/workflow_test");

	private static final String USER = System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_USER", "workflow");

	private static final String PASSWORD = System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_PASSWORD", "workflow");

	@Override
	WorkflowRuntime.Builder runtime(String storage) {
		String prefix = "msdk_" + storage + "_";
		dropTables(prefix);
		return WorkflowRuntime.builder()
			.backend("jdbc", Map.of("url", URL, "username", USER, "password", PASSWORD, "table-prefix", prefix));
	}

	/** Starts from an empty schema: the tables of an earlier run of this prefix go. */
	private static void dropTables(String prefix) {
		try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
			for (String table : new String[] { "instances", "history", "inbox", "activities", "schema_history" }) {
				st.execute("DROP TABLE IF EXISTS " + prefix + table);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The PostgreSQL tests need a server at " + URL + " (user " + USER
					+ "); start one with: sudo bash .ci/postgres.sh: " + ex.getMessage(), ex);
		}
	}

}
