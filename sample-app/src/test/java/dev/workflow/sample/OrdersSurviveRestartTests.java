package dev.workflow.sample;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.sample.Orders.Approval;
import dev.workflow.sample.Orders.Order;
import dev.workflow.sample.Orders.OrderResult;
import dev.workflow.sample.Orders.Stage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default profile keeps orders in an H2 file: an order waiting for approval when the
 * application stops is still waiting when it starts again, and completes after approval.
 */
class OrdersSurviveRestartTests {

	private static ConfigurableApplicationContext start(String db) {
		return new SpringApplication(SampleApplication.class).run("--server.port=0",
				"--dapr.workflow.backend-configuration.url=jdbc:h2:file:" + db);
	}

	@Test
	void waitingOrderResumesAfterARestart() throws Exception {
		String db = "./target/restart-" + UUID.randomUUID();
		String id = "order-restart";
		try (ConfigurableApplicationContext first = start(db)) {
			WorkflowClient client = first.getBean(WorkflowClient.class);
			client.scheduleNewWorkflow("order", new Order(id, "laptop", 1, 5000), id);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (true) {
				WorkflowInstanceStatus s = client.getInstanceState(id, true);
				Stage stage = s == null ? null : s.readCustomStatusAs(Stage.class);
				if (stage != null && stage.stage().equals("AWAITING_APPROVAL")) {
					break;
				}
				assertThat(System.nanoTime()).as("order never reached approval").isLessThan(deadline);
				Thread.sleep(20);
			}
		}
		try (ConfigurableApplicationContext second = start(db)) {
			WorkflowClient client = second.getBean(WorkflowClient.class);
			WorkflowInstanceStatus before = client.getInstanceState(id, true);
			assertThat(before.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
			assertThat(before.readCustomStatusAs(Stage.class).stage()).isEqualTo("AWAITING_APPROVAL");
			client.raiseEvent(id, "approve", new Approval(true, "test"));
			WorkflowInstanceStatus done = client.waitForInstanceCompletion(id, Duration.ofSeconds(20), true);
			assertThat(done.readOutputAs(OrderResult.class).status()).isEqualTo("SHIPPED");
		}
	}

}
