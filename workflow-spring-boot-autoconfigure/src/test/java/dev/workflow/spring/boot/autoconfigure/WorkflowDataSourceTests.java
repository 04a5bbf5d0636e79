package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowRuntimeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which DataSource the workflow backend stores in when the application has several, and what a
 * developer reads when it cannot tell.
 */
class WorkflowDataSourceTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class))
		.withUserConfiguration(Flows.class)
		.withPropertyValues("dapr.workflow.backend-type=jdbc");

	static class Flows {

		@Workflow(name = "dsEcho")
		public String echo(WorkflowContext ctx, String in) {
			return in;
		}

	}

	static HikariDataSource h2(String name) {
		HikariDataSource ds = new HikariDataSource();
		ds.setJdbcUrl("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		ds.setUsername("sa");
		ds.setMaximumPoolSize(4);
		return ds;
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean(destroyMethod = "close")
		DataSource ordersDataSource() {
			return h2("orders");
		}

		@Bean(destroyMethod = "close")
		DataSource reportsDataSource() {
			return h2("reports");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesOneForWorkflows {

		@Bean(destroyMethod = "close")
		DataSource ordersDataSource() {
			return h2("orders");
		}

		@Bean(destroyMethod = "close")
		@WorkflowDataSource
		DataSource workflowsDataSource() {
			return h2("workflows");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryAndQualified {

		@Bean(destroyMethod = "close")
		@Primary
		DataSource ordersDataSource() {
			return h2("orders");
		}

		@Bean(destroyMethod = "close")
		@WorkflowDataSource
		DataSource workflowsDataSource() {
			return h2("workflows");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryAmongTwo {

		@Bean(destroyMethod = "close")
		@Primary
		DataSource ordersDataSource() {
			return h2("orders");
		}

		@Bean(destroyMethod = "close")
		DataSource reportsDataSource() {
			return h2("reports");
		}

	}

	/** Whether the workflow tables were created in the DataSource bean of that name. */
	private static boolean holdsWorkflowTables(org.springframework.context.ApplicationContext ctx, String bean) {
		Integer n = new JdbcTemplate(ctx.getBean(bean, DataSource.class)).queryForObject(
				"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = 'wf_instances'",
				Integer.class);
		return n != null && n > 0;
	}

	private static void runsAWorkflow(org.springframework.context.ApplicationContext ctx) throws Exception {
		WorkflowClient client = ctx.getBean(WorkflowClient.class);
		String id = client.scheduleNewWorkflow("dsEcho", "hi");
		assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(20), true).readOutputAs(String.class))
			.isEqualTo("hi");
	}

	@Test
	void workflowDataSourceWinsAmongSeveralWithoutPrimary() {
		this.runner.withUserConfiguration(TwoDataSourcesOneForWorkflows.class).run(ctx -> {
			assertThat(ctx).hasNotFailed();
			runsAWorkflow(ctx);
			assertThat(holdsWorkflowTables(ctx, "workflowsDataSource")).isTrue();
			assertThat(holdsWorkflowTables(ctx, "ordersDataSource")).isFalse();
		});
	}

	@Test
	void workflowDataSourceWinsOverPrimary() {
		this.runner.withUserConfiguration(PrimaryAndQualified.class).run(ctx -> {
			assertThat(ctx).hasNotFailed();
			assertThat(holdsWorkflowTables(ctx, "workflowsDataSource")).isTrue();
			assertThat(holdsWorkflowTables(ctx, "ordersDataSource")).isFalse();
		});
	}

	@Test
	void primaryIsUsedWithoutWorkflowDataSource() {
		this.runner.withUserConfiguration(PrimaryAmongTwo.class).run(ctx -> {
			assertThat(ctx).hasNotFailed();
			runsAWorkflow(ctx);
			assertThat(holdsWorkflowTables(ctx, "ordersDataSource")).isTrue();
			assertThat(holdsWorkflowTables(ctx, "reportsDataSource")).isFalse();
		});
	}

	@Test
	void actorsJdbcStoreUsesTheWorkflowDataSourceToo() {
		this.runner.withUserConfiguration(TwoDataSourcesOneForWorkflows.class)
			.withPropertyValues("dapr.workflow.backend-type=actors", "dapr.workflow.backend-configuration.state-store=jdbc",
					"dapr.workflow.backend-configuration.table-prefix=ads_")
			.run(ctx -> {
				assertThat(ctx).hasNotFailed();
				runsAWorkflow(ctx);
				Integer tables = new JdbcTemplate(ctx.getBean("workflowsDataSource", DataSource.class)).queryForObject(
						"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) LIKE 'ads_%'",
						Integer.class);
				assertThat(tables).isPositive();
			});
	}

	@Test
	void severalWithoutAChoiceFailWithAnAnalysisNamingThemAndTheAnnotation() {
		this.runner.withUserConfiguration(TwoDataSources.class).run(ctx -> {
			assertThat(ctx).hasFailed();
			Throwable failure = ctx.getStartupFailure();
			FailureAnalysis analysis = new WorkflowDataSourceFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("ordersDataSource").contains("reportsDataSource");
			assertThat(analysis.getAction()).contains("@dev.workflow.spring.boot.autoconfigure.WorkflowDataSource")
				.contains("@Primary")
				.contains("dapr.workflow.backend-configuration.url");
		});
	}

	@Test
	void severalWithoutAChoiceAreFineWhenTheBackendHasAUrlOfItsOwn() {
		this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("dapr.workflow.backend-configuration.url=jdbc:h2:mem:own-" + UUID.randomUUID()
					+ ";DB_CLOSE_DELAY=-1")
			.run(ctx -> {
				assertThat(ctx).hasNotFailed();
				runsAWorkflow(ctx);
				assertThat(holdsWorkflowTables(ctx, "ordersDataSource")).isFalse();
			});
	}

	@Test
	void backendOnADatabaseOfItsOwnDoesNotJoinTheApplicationsTransaction() {
		this.runner.withUserConfiguration(PrimaryAmongTwo.class)
			.withPropertyValues("dapr.workflow.backend-configuration.url=jdbc:h2:mem:apart-" + UUID.randomUUID()
					+ ";DB_CLOSE_DELAY=-1")
			.run(ctx -> {
				DataSource app = ctx.getBean("ordersDataSource", DataSource.class);
				WorkflowClient client = ctx.getBean(WorkflowClient.class);
				String id = "apart-" + UUID.randomUUID();
				new TransactionTemplate(new DataSourceTransactionManager(app)).executeWithoutResult(status -> {
					client.scheduleNewWorkflow("dsEcho", "kept", id);
					status.setRollbackOnly();
				});
				// the start committed in the workflow database on its own: the rollback cannot reach it
				assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(20), true).getRuntimeStatus())
					.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			});
	}

}
