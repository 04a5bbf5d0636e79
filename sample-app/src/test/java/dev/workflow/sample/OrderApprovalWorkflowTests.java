package dev.workflow.sample;

import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.workflow.WorkflowClient;
import dev.workflow.sample.Orders.Approval;
import dev.workflow.sample.Orders.Order;
import dev.workflow.sample.Orders.OrderResult;
import dev.workflow.sample.Orders.Stage;
import dev.workflow.spring.boot.test.WorkflowTest;

/**
 * Approving a large order before its timeout: time skipping is off so the approval wait stands
 * until the test raises the event. The inventory is a Mockito mock whose answers drive the order.
 */
@WorkflowTest(timeSkipping = false)
class OrderApprovalWorkflowTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	WorkflowClient client;

	@MockitoBean
	Inventory inventory;

	@Test
	void approvedLargeOrderShips() {
		given(this.inventory.reserve(any(), any(), anyInt())).willReturn(true);
		String id = "order-" + UUID.randomUUID();
		this.client.scheduleNewWorkflow("order", new Order(id, "laptop", 1, 1500), id);
		assertThat(this.client, id)
			.reachesCustomStatus(new Stage("AWAITING_APPROVAL", "POST /orders/" + id + "/approve"), WAIT);
		this.client.raiseEvent(id, "approve", new Approval(true, "ann"));
		assertThat(this.client, id).completes(WAIT)
			.hasOutputSatisfying(OrderResult.class, r -> org.assertj.core.api.Assertions.assertThat(r.status())
				.isEqualTo("SHIPPED"))
			.history()
			.receivedEvent("approve").once()
			.calledActivity("refundPayment").never();
	}

	@Test
	void outOfStockAnswerRejectsTheOrder() {
		given(this.inventory.reserve(any(), any(), anyInt())).willReturn(false);
		String id = "order-" + UUID.randomUUID();
		this.client.scheduleNewWorkflow("order", new Order(id, "phone", 3, 30), id);
		assertThat(this.client, id).completes(WAIT)
			.hasOutput(OrderResult.rejected("Out of stock: phone"))
			.history()
			.calledActivity("chargePayment").never();
	}

}
