package dev.workflow.sample;

import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.workflow.WorkflowClient;
import dev.workflow.sample.Orders.Order;
import dev.workflow.sample.Orders.OrderResult;
import dev.workflow.spring.boot.test.WorkflowTest;

/**
 * The order workflow in a workflow slice: its workflows and activities plus the inventory, on the
 * in-memory backend, with time skipping. The one-day approval timeout passes in milliseconds.
 */
@WorkflowTest(components = Inventory.class)
class OrderWorkflowTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	WorkflowClient client;

	@Autowired
	Inventory inventory;

	private static String orderId() {
		return "order-" + UUID.randomUUID();
	}

	@Test
	void smallOrderShips() {
		String id = orderId();
		this.client.scheduleNewWorkflow("order", new Order(id, "book", 1, 20), id);
		assertThat(this.client, id).completes(WAIT)
			.hasOutputSatisfying(OrderResult.class, result -> assertThat(result.status()).isEqualTo("SHIPPED"))
			.history()
			.calledActivitiesInOrder("reserveInventory", "chargePayment")
			.calledChildWorkflow("shipping").once()
			.calledActivity("refundPayment").never();
	}

	@Test
	void largeOrderNobodyApprovesIsRejectedAfterADayAndRefunded() {
		int before = this.inventory.available("laptop");
		String id = orderId();
		this.client.scheduleNewWorkflow("order", new Order(id, "laptop", 1, 1500), id);
		assertThat(this.client, id).completes(WAIT)
			.hasOutput(OrderResult.rejected("Not approved (timeout after PT24H)"))
			.history()
			.createdTimer(Duration.ofHours(24))
			.receivedEvent("approve").never()
			.calledActivity("refundPayment").once()
			.calledActivity("releaseInventory").once();
		assertThat(this.inventory.available("laptop")).isEqualTo(before);
	}

}
