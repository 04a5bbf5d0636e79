package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 13: a foreign transaction that holds an instance's row lock must not block a
 * client call for ever. With {@code statement-timeout: 1s}, {@code raiseEvent} fails within a few
 * seconds with an {@link SqlBackendException} that says the statement timed out and names the
 * instance; once the foreign transaction ends, the instance works normally.
 */
@Timeout(180)
class SqlStatementTimeoutTest {

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@Test
	void h2RaiseEventBehindAForeignRowLockTimesOutWithAClearError() throws Exception {
		String url = "jdbc:h2:file:" + Path.of("target", "h2", "stmt-timeout-" + this.run).toAbsolutePath();
		String prefix = "wf_";
		WorkflowBackend backend = WorkflowBackends.create("jdbc",
				new BackendConfiguration(Map.of("url", url, "statement-timeout", "1s")), BackendContext.EMPTY);
		// the foreign connection opens the database the backend opened (on H2's async: file system)
		lockedRow(backend, () -> DriverManager.getConnection(H2Durability.nonInterruptible(url)), prefix);
	}

	@Test
	void postgresRaiseEventBehindAForeignRowLockTimesOutWithAClearError() throws Exception {
		String prefix = "sql_stmt_timeout_";
		TestDatabases.resetPostgres(prefix);
		Map<String, String> config = new HashMap<>(TestDatabases.postgres(prefix));
		config.put("statement-timeout", "1s");
		WorkflowBackend backend = WorkflowBackends.create("jdbc", new BackendConfiguration(config), BackendContext.EMPTY);
		lockedRow(backend, () -> DriverManager.getConnection(TestDatabases.postgresUrl(), TestDatabases.postgresUser(),
				TestDatabases.postgresPassword()), prefix);
	}

	interface Opener {

		Connection open() throws Exception;

	}

	private void lockedRow(WorkflowBackend backend, Opener foreign, String prefix) throws Exception {
		WorkflowRuntime runtime = WorkflowRuntime.builder()
			.backend(backend)
			.registerWorkflow("sql_waitForGo", (ctx, in) -> ctx.waitForExternalEvent("go", String.class).await(),
					String.class)
			.build();
		runtime.start();
		try {
			WorkflowClient client = runtime.client();
			String id = client.scheduleNewWorkflow("sql_waitForGo", null, "sql_timeout-" + UUID.randomUUID());
			client.waitForInstanceStart(id, Duration.ofSeconds(30), false);
			awaitRunning(client, id);
			try (Connection c = foreign.open()) {
				c.setAutoCommit(false);
				try (PreparedStatement ps = c.prepareStatement(
						"SELECT status FROM " + prefix + "instances WHERE instance_id = ? FOR UPDATE")) {
					ps.setString(1, id);
					try (ResultSet rs = ps.executeQuery()) {
						assertThat(rs.next()).isTrue();
					}
				}
				// Bounded here too, so the test reports a hang instead of hanging.
				CompletableFuture<Void> call = CompletableFuture.runAsync(() -> client.raiseEvent(id, "go", "blocked"));
				Throwable failure;
				try {
					call.get(30, TimeUnit.SECONDS);
					failure = null;
				}
				catch (ExecutionException ex) {
					failure = ex.getCause();
				}
				assertThat(failure).as("raiseEvent behind a foreign row lock").isInstanceOf(SqlBackendException.class);
				assertThat(failure.getMessage()).contains("timed out after 1s", "statement-timeout", id);
				c.rollback();
			}
			client.raiseEvent(id, "go", "after");
			assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(30), true).readOutputAs(String.class))
				.isEqualTo("after");
		}
		finally {
			runtime.close();
		}
	}

	private static void awaitRunning(WorkflowClient client, String id) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			if (client.getInstanceState(id, false).getRuntimeStatus() == WorkflowRuntimeStatus.RUNNING) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("Instance " + id + " did not start running");
	}

}
