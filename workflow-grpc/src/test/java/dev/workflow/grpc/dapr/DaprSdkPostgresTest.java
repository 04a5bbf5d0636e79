package dev.workflow.grpc.dapr;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

/**
 * The Dapr SDK against the endpoint on PostgreSQL (WORKFLOW_TEST_POSTGRES_URL, default
 * jdbc:postgresql://127.0.0.1:5432/workflow_test, user and password workflow). Fails, never skips,
 * when the server is not there.
 */
class DaprSdkPostgresTest extends DaprSdkEndpointTests {

	private static final String PREFIX = "grpc_dapr_";

	static String url() {
		return System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/workflow_test");
	}

	static String user() {
		return System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_USER", "workflow");
	}

	static String password() {
		return System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_PASSWORD", "workflow");
	}

	@Override
	String backendType() {
		return "jdbc";
	}

	@Override
	Map<String, ?> backendConfiguration() {
		// a clean schema per run, so earlier runs' instances are not claimed
		try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement st = c.createStatement()) {
			for (String t : new String[] { "instances", "history", "inbox", "activities", "schema_history" }) {
				st.execute("DROP TABLE IF EXISTS " + PREFIX + t);
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("The PostgreSQL tests need a server at " + url() + ": " + ex.getMessage(), ex);
		}
		return Map.of("url", url(), "username", user(), "password", password(), "table-prefix", PREFIX);
	}

}
