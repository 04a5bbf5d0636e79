package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Where the SQL tests find their databases: SQLite files and H2 files under target/, and the
 * PostgreSQL server that .ci/postgres.sh starts on 127.0.0.1 (override with
 * WORKFLOW_TEST_POSTGRES_URL, _USER and _PASSWORD). PostgreSQL tests fail, never skip, when the
 * server is not there.
 */
public final class TestDatabases {

	private TestDatabases() {
	}

	public static String postgresUrl() {
		return System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/workflow_test");
	}

	public static String postgresUser() {
		return System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_USER", "workflow");
	}

	public static String postgresPassword() {
		return System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_PASSWORD", "workflow");
	}

	public static Map<String, String> postgres(String tablePrefix) {
		return Map.of("url", postgresUrl(), "username", postgresUser(), "password", postgresPassword(), "table-prefix",
				tablePrefix);
	}

	/** Drops the tables of a prefix, so a test starts from an empty schema. */
	public static void resetPostgres(String tablePrefix) {
		try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword());
				Statement st = c.createStatement()) {
			for (String t : new String[] { "instances", "history", "inbox", "activities", "schema_history", "actors",
					"actor_state", "reminders", "actor_partitions", "actor_members", "actors_schema_history" }) {
				st.execute("DROP TABLE IF EXISTS " + tablePrefix + t);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The PostgreSQL tests need a server at " + postgresUrl()
					+ " (user " + postgresUser() + "); start one with: sudo bash .ci/postgres.sh  — " + ex.getMessage(), ex);
		}
	}


}
