package dev.workflow.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.sql.SqlWorkflowBackend;
import dev.workflow.sample.Orders.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sqlite profile switches the backend by properties alone; the same workflow runs on it.
 */
@SpringBootTest(properties = "dapr.workflow.backend-configuration.connection-string=file:./target/sample-sqlite.db")
@ActiveProfiles("sqlite")
class SqliteProfileTests {

	@Autowired
	WorkflowBackend backend;

	@Autowired
	WorkflowClient client;

	@Test
	void orderShipsOnTheSqliteBackend() throws Exception {
		assertThat(this.backend).isInstanceOf(SqlWorkflowBackend.class);
		String id = this.client.scheduleNewWorkflow("order", new Order("sqlite-1", "book", 1, 20), "sqlite-" + System.nanoTime());
		var s = this.client.waitForInstanceCompletion(id, Duration.ofSeconds(20), true);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(Orders.OrderResult.class).status()).isEqualTo("SHIPPED");
	}

}
