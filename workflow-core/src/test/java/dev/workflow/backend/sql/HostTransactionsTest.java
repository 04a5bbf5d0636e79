package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.HostTransactions;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionStarted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link HostTransactions} seam without Spring: a host of its own (a connection per thread,
 * committed or rolled back by the test) on an H2 DataSource the {@code jdbc} backend shares. Client
 * writes join it, take back only their own statements when they fail, and wake workers only after
 * the commit; a backend with a url of its own never asks the host.
 */
class HostTransactionsTest {

	/** A minimal host: the thread's open transaction, and what is to run after its commit. */
	static final class ThreadTransactions implements HostTransactions {

		final ThreadLocal<Connection> open = new ThreadLocal<>();

		final List<Runnable> afterCommit = new ArrayList<>();

		int asked;

		@Override
		public Optional<Transaction> current(DataSource dataSource) {
			this.asked++;
			Connection c = this.open.get();
			if (c == null) {
				return Optional.empty();
			}
			return Optional.of(new Transaction() {
				@Override
				public Connection connection() {
					return c;
				}

				@Override
				public void afterCommit(Runnable action) {
					ThreadTransactions.this.afterCommit.add(action);
				}

				@Override
				public void release() {
				}
			});
		}

		void begin(DataSource ds) throws SQLException {
			Connection c = ds.getConnection();
			c.setAutoCommit(false);
			this.open.set(c);
		}

		void end(boolean commit) throws SQLException {
			try (Connection c = this.open.get()) {
				if (commit) {
					c.commit();
					this.afterCommit.forEach(Runnable::run);
				}
				else {
					c.rollback();
				}
			}
			finally {
				this.open.remove();
				this.afterCommit.clear();
			}
		}

	}

	private HikariDataSource dataSource;

	private final ThreadTransactions host = new ThreadTransactions();

	private WorkflowBackend backend;

	@BeforeEach
	void start() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl("jdbc:h2:mem:host-tx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.dataSource.setUsername("sa");
		BackendContext context = new BackendContext() {
			@Override
			public <T> Optional<T> find(Class<T> type) {
				Object found = type == DataSource.class ? HostTransactionsTest.this.dataSource
						: type == HostTransactions.class ? HostTransactionsTest.this.host : null;
				return Optional.ofNullable(type.cast(found));
			}
		};
		this.backend = WorkflowBackends.create("jdbc", new BackendConfiguration(Map.of("table-prefix", "htx_")), context);
		this.backend.start();
	}

	@AfterEach
	void stop() {
		this.backend.stop();
		this.dataSource.close();
	}

	private static ExecutionStarted started(String id) {
		return new ExecutionStarted(Instant.now(), "w", id, "e-" + id, "\"in\"", null, null);
	}

	private SqlWorkflowBackend sql() {
		return (SqlWorkflowBackend) this.backend;
	}

	@Test
	void createInTheHostsTransactionIsSeenOnlyAfterItsCommitAndWakesWorkersThen() throws Exception {
		String id = "htx-" + UUID.randomUUID();
		long wakeUpsBefore = sql().workflowSignal.version();
		this.host.begin(this.dataSource);
		assertThat(this.backend.createWorkflowInstance(started(id), NewWorkflowOptions.ReusePolicy.ERROR)).isTrue();
		assertThat(this.backend.getInstance(id)).as("visible before the host's commit").isNull();
		assertThat(sql().workflowSignal.version()).as("woke workers before the commit").isEqualTo(wakeUpsBefore);
		this.host.end(true);
		assertThat(this.backend.getInstance(id)).isNotNull();
		assertThat(sql().workflowSignal.version()).isGreaterThan(wakeUpsBefore);
	}

	@Test
	void rolledBackCreateAndEventLeaveNothing() throws Exception {
		String id = "htx-" + UUID.randomUUID();
		this.host.begin(this.dataSource);
		this.backend.createWorkflowInstance(started(id), NewWorkflowOptions.ReusePolicy.ERROR);
		this.host.end(false);
		assertThat(this.backend.getInstance(id)).isNull();

		this.backend.createWorkflowInstance(started(id), NewWorkflowOptions.ReusePolicy.ERROR);
		this.host.begin(this.dataSource);
		this.backend.addEvent(id, new EventRaised(Instant.now(), "paid", "\"x\""));
		this.host.end(false);
		assertThat(this.backend.nextWorkflowWorkItem(java.time.Duration.ofSeconds(5)).newEvents())
			.noneMatch(e -> e instanceof EventRaised);
	}

	@Test
	void aFailedCreateTakesBackOnlyItsOwnStatements() throws Exception {
		String id = "htx-" + UUID.randomUUID();
		this.backend.createWorkflowInstance(started(id), NewWorkflowOptions.ReusePolicy.ERROR);
		this.host.begin(this.dataSource);
		Connection c = this.host.open.get();
		try (var st = c.createStatement()) {
			st.execute("CREATE TABLE IF NOT EXISTS htx_business (id VARCHAR(64))");
			st.execute("INSERT INTO htx_business VALUES ('" + id + "')");
		}
		assertThatThrownBy(() -> this.backend.createWorkflowInstance(started(id), NewWorkflowOptions.ReusePolicy.ERROR))
			.isInstanceOf(WorkflowInstanceExistsException.class);
		this.host.end(true);
		try (Connection check = this.dataSource.getConnection(); var st = check.createStatement();
				var rs = st.executeQuery("SELECT COUNT(*) FROM htx_business WHERE id = '" + id + "'")) {
			rs.next();
			assertThat(rs.getInt(1)).isEqualTo(1);
		}
	}

	@Test
	void aBackendWithAUrlOfItsOwnNeverJoins() throws Exception {
		BackendContext context = new BackendContext() {
			@Override
			public <T> Optional<T> find(Class<T> type) {
				return Optional.ofNullable(type == HostTransactions.class ? type.cast(HostTransactionsTest.this.host) : null);
			}
		};
		WorkflowBackend own = WorkflowBackends.create("jdbc", new BackendConfiguration(Map.of("url",
				"jdbc:h2:mem:host-own-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "table-prefix", "htx_")), context);
		own.start();
		try {
			String id = "htx-" + UUID.randomUUID();
			this.host.begin(this.dataSource);
			int asked = this.host.asked;
			own.createWorkflowInstance(started(id), NewWorkflowOptions.ReusePolicy.ERROR);
			this.host.end(false);
			assertThat(own.getInstance(id)).isNotNull();
			assertThat(this.host.asked).isEqualTo(asked);
		}
		finally {
			own.stop();
		}
	}

}
