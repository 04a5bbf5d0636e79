package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.TestWorkflows;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database goes away for 5 seconds in the middle of a run: every connection is cut and new
 * ones are refused. Workers back off and recover by themselves, nothing is lost or done twice,
 * and a client call made during the outage fails with a clear exception instead of hanging.
 */
@Timeout(180)
class PostgresOutageTest {

	private static final String PREFIX = "outage_";

	private static void database(boolean allowConnections) throws SQLException {
		String adminUrl = TestDatabases.postgresUrl().replaceAll("/[^/?]+(\\?.*)?$", "/postgres$1");
		String db = TestDatabases.postgresUrl().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
		try (Connection c = DriverManager.getConnection(adminUrl, TestDatabases.postgresUser(),
				TestDatabases.postgresPassword()); Statement st = c.createStatement()) {
			st.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS " + allowConnections);
			if (!allowConnections) {
				try {
					// only our own role's sessions: another role's (a superuser's psql, say) cannot be ended
					// by this role, and the outage the test needs is of the backend's connections
					st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
							+ "' AND usename = current_user AND pid <> pg_backend_pid()");
				}
				catch (SQLException ex) {
					// never leave the shared test database closed to every later test
					st.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
					throw ex;
				}
			}
		}
	}

	@Test
	void workersRecoverFromAFiveSecondOutageAndNothingIsLost() throws Exception {
		TestDatabases.resetPostgres(PREFIX);
		Map<String, String> config = new HashMap<>(TestDatabases.postgres(PREFIX));
		config.put("orchestration-lock-timeout", "3s");
		config.put("activity-lock-timeout", "3s");
		try (WorkflowRuntime runtime = WorkflowRuntime.builder()
			.backend(WorkflowBackends.create("jdbc", new BackendConfiguration(config), BackendContext.EMPTY))
			.registerWorkflow("seq3", TestWorkflows::seq3, Integer.class)
			.registerActivity("inc", (ctx, n) -> {
				Thread.sleep(5);
				return n + 1;
			}, Integer.class)
			.build()) {
			runtime.start();
			WorkflowClient client = runtime.client();
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				ids.add(client.scheduleNewWorkflow("seq3", i, "outage-" + i));
			}
			Thread.sleep(300);
			database(false);
			try {
				long t0 = System.nanoTime();
				assertThatThrownBy(() -> client.getInstanceState(ids.get(0), false))
					.isInstanceOf(SqlBackendException.class)
					.hasMessageContaining("Workflow database operation failed");
				assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(12));
				Thread.sleep(5000);
			}
			finally {
				database(true);
			}
			for (int i = 0; i < ids.size(); i++) {
				WorkflowInstanceStatus s = client.waitForInstanceCompletion(ids.get(i), Duration.ofSeconds(120), true);
				assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				assertThat(s.readOutputAs(Integer.class)).isEqualTo(i + 3);
				List<HistoryEvent> h = client.getInstanceHistory(ids.get(i));
				assertThat(h.stream().filter(TaskCompleted.class::isInstance).map(e -> ((TaskCompleted) e).taskScheduledId()))
					.containsExactly(0, 1, 2);
			}
		}
	}

}
