package dev.workflow.spring.boot.autoconfigure.tx;

import javax.sql.DataSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@link TransactionalStartTests} on PostgreSQL ({@code WORKFLOW_TEST_POSTGRES_URL}, user and
 * password {@code workflow}); fails, never skips, when the database is not there.
 */
@SpringBootTest(classes = TransactionalStartPostgresTests.PostgresApp.class,
		properties = { "dapr.workflow.backend-type=jdbc", "dapr.workflow.backend-configuration.table-prefix=txs_" })
class TransactionalStartPostgresTests extends TransactionalStartTests {

	static String url() {
		return System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/workflow_test");
	}

	@Configuration(proxyBeanMethods = false)
	@Import(App.class)
	static class PostgresApp {

		@Bean(destroyMethod = "close")
		DataSource dataSource() {
			return pool(url(), System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_USER", "workflow"),
					System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_PASSWORD", "workflow"));
		}

	}

}
