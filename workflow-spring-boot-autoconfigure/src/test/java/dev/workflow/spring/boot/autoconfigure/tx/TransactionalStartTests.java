package dev.workflow.spring.boot.autoconfigure.tx;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.workflow.Activity;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workflow starts and events inside real Spring-managed transactions ({@link TransactionTemplate}
 * and {@code @Transactional} on a {@link DataSourceTransactionManager}) with the {@code jdbc} backend
 * on the application's own DataSource: they commit and roll back with the business rows.
 */
abstract class TransactionalStartTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	static class OrderFlows {

		@Workflow(name = "txOrder")
		public String order(WorkflowContext ctx, String orderId) {
			return ctx.callActivity("txConfirm", orderId, String.class).await();
		}

		@Workflow(name = "txPayment")
		public String payment(WorkflowContext ctx, String orderId) {
			return ctx.waitForExternalEvent("paid", String.class).await();
		}

		@Activity(name = "txConfirm")
		public String confirm(String orderId) {
			return "confirmed " + orderId;
		}

	}

	/** A service as users write it: business row and workflow start in one {@code @Transactional} method. */
	static class OrderDesk {

		private final JdbcTemplate jdbc;

		private final WorkflowClient client;

		OrderDesk(JdbcTemplate jdbc, WorkflowClient client) {
			this.jdbc = jdbc;
			this.client = client;
		}

		@Transactional
		public String place(String orderId, boolean failAfterStart) {
			this.jdbc.update("INSERT INTO tx_orders (id) VALUES (?)", orderId);
			String id = this.client.scheduleNewWorkflow("txOrder", orderId, orderId);
			if (failAfterStart) {
				throw new IllegalStateException("payment provider down");
			}
			return id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(WorkflowAutoConfiguration.class)
	@EnableTransactionManagement
	static class App {

		@Bean
		OrderFlows orderFlows() {
			return new OrderFlows();
		}

		@Bean
		PlatformTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
			return new TransactionTemplate(transactionManager);
		}

		@Bean
		JdbcTemplate jdbcTemplate(DataSource dataSource) {
			return new JdbcTemplate(dataSource);
		}

		@Bean
		OrderDesk orderDesk(JdbcTemplate jdbc, WorkflowClient client) {
			return new OrderDesk(jdbc, client);
		}

	}

	static HikariDataSource pool(String url, String user, String password) {
		HikariDataSource ds = new HikariDataSource();
		ds.setJdbcUrl(url);
		ds.setUsername(user);
		ds.setPassword(password);
		ds.setMaximumPoolSize(8);
		return ds;
	}

	@Autowired
	WorkflowClient client;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	OrderDesk desk;

	@BeforeEach
	void businessTable() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS tx_orders (id VARCHAR(64) PRIMARY KEY)");
	}

	static String newId(String what) {
		return what + "-" + UUID.randomUUID();
	}

	int orderRows(String id) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM tx_orders WHERE id = ?", Integer.class, id);
	}

	@Test
	void startCommitsWithTheBusinessRowAndThenRuns() throws Exception {
		String orderId = newId("commit");
		String returned = this.tx.execute(status -> {
			this.jdbc.update("INSERT INTO tx_orders (id) VALUES (?)", orderId);
			String id = this.client.scheduleNewWorkflow("txOrder", orderId, orderId);
			// the id comes back at once, but other connections see nothing before the commit
			assertThat(this.client.getInstanceState(id, false)).isNull();
			return id;
		});
		assertThat(returned).isEqualTo(orderId);
		assertThat(orderRows(orderId)).isEqualTo(1);
		WorkflowInstanceStatus done = this.client.waitForInstanceCompletion(orderId, WAIT, true);
		assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(String.class)).isEqualTo("confirmed " + orderId);
	}

	@Test
	void rollbackLeavesNoInstanceAndNoBusinessRow() throws Exception {
		String orderId = newId("rollback");
		this.tx.executeWithoutResult(status -> {
			this.jdbc.update("INSERT INTO tx_orders (id) VALUES (?)", orderId);
			this.client.scheduleNewWorkflow("txOrder", orderId, orderId);
			status.setRollbackOnly();
		});
		assertThat(orderRows(orderId)).isZero();
		assertThat(this.client.getInstanceState(orderId, false)).isNull();
		// nothing of the rolled back start is left: the id is free and a new start runs normally
		this.client.scheduleNewWorkflow("txOrder", "again", orderId);
		assertThat(this.client.waitForInstanceCompletion(orderId, WAIT, true).readOutputAs(String.class))
			.isEqualTo("confirmed again");
	}

	@Test
	void exceptionAfterTheStartInATransactionalMethodRollsBothBack() {
		String orderId = newId("failing");
		assertThatThrownBy(() -> this.desk.place(orderId, true)).hasMessage("payment provider down");
		assertThat(orderRows(orderId)).isZero();
		assertThat(this.client.getInstanceState(orderId, false)).isNull();
	}

	@Test
	void transactionalMethodThatCommitsRunsTheWorkflow() throws Exception {
		String orderId = newId("placed");
		String id = this.desk.place(orderId, false);
		assertThat(orderRows(orderId)).isEqualTo(1);
		assertThat(this.client.waitForInstanceCompletion(id, WAIT, true).getRuntimeStatus())
			.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
	}

	@Test
	void eventRaisedInARolledBackTransactionIsNeverDelivered() throws Exception {
		String orderId = newId("payment");
		this.client.scheduleNewWorkflow("txPayment", orderId, orderId);
		this.client.waitForInstanceStart(orderId, WAIT, false);
		this.tx.executeWithoutResult(status -> {
			this.jdbc.update("INSERT INTO tx_orders (id) VALUES (?)", orderId);
			this.client.raiseEvent(orderId, "paid", "rolled back");
			status.setRollbackOnly();
		});
		this.tx.executeWithoutResult(status -> this.client.raiseEvent(orderId, "paid", "committed"));
		WorkflowInstanceStatus done = this.client.waitForInstanceCompletion(orderId, WAIT, true);
		// had the first event been stored, the workflow would have taken it (events arrive in order)
		assertThat(done.readOutputAs(String.class)).isEqualTo("committed");
		assertThat(orderRows(orderId)).isZero();
	}

	@Test
	void failedStartLeavesTheCallersTransactionUsable() throws Exception {
		String orderId = newId("exists");
		this.client.scheduleNewWorkflow("txPayment", orderId, orderId);
		this.tx.executeWithoutResult(status -> {
			assertThatThrownBy(() -> this.client.scheduleNewWorkflow("txOrder", orderId, orderId))
				.isInstanceOf(WorkflowInstanceExistsException.class);
			// only the start's own statements were taken back (a savepoint), not the caller's work
			this.jdbc.update("INSERT INTO tx_orders (id) VALUES (?)", orderId);
		});
		assertThat(orderRows(orderId)).isEqualTo(1);
		this.client.raiseEvent(orderId, "paid", "ok");
		assertThat(this.client.waitForInstanceCompletion(orderId, WAIT, true).readOutputAs(String.class))
			.isEqualTo("ok");
	}

	@Test
	void outsideATransactionTheStartCommitsAtOnce() throws Exception {
		String orderId = newId("plain");
		this.client.scheduleNewWorkflow("txOrder", orderId, orderId);
		assertThat(this.client.getInstanceState(orderId, false)).isNotNull();
		assertThat(this.client.waitForInstanceCompletion(orderId, WAIT, true).getRuntimeStatus())
			.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
	}

}
