package dev.workflow.sample;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowQuery;
import dev.workflow.history.EventRaised;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order API checks its input before it starts or tells a workflow anything, and the order
 * workflow treats an approval it cannot read as a "no" with compensation. The same properties as
 * {@link ActuatorEndpointTests}, so both share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dapr.workflow.backend-configuration.state-store=memory", "orders.approval-timeout=1h" })
class OrderInputTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	WorkflowClient client;

	@Autowired
	Inventory inventory;

	@Autowired
	OrderActivities activities;

	private SampleHttp api;

	@BeforeEach
	void api() {
		this.api = new SampleHttp(this.port);
	}

	@Test
	void amountsThatAreNotFinitePositiveNumbersAndFractionalQuantitiesAre400() throws Exception {
		int before = this.client.listInstances(new WorkflowQuery().setName("order").setPageSize(1000))
			.getWorkflowInstances()
			.size();
		for (String body : new String[] { "{\"item\": \"book\", \"quantity\": 1, \"amount\": \"Infinity\"}",
				"{\"item\": \"book\", \"quantity\": 1, \"amount\": 1e309}",
				"{\"item\": \"book\", \"quantity\": 1, \"amount\": -1e309}",
				"{\"item\": \"book\", \"quantity\": 1, \"amount\": \"NaN\"}",
				"{\"item\": \"book\", \"quantity\": 1, \"amount\": \"20\"}",
				"{\"item\": \"book\", \"quantity\": 1, \"amount\": 0}" }) {
			HttpResponse<String> r = this.api.send("POST", "/orders", body);
			assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
			assertThat(r.body()).as(body).contains("amount");
		}
		for (String body : new String[] { "{\"item\": \"book\", \"quantity\": 1.9, \"amount\": 20}",
				"{\"item\": \"book\", \"quantity\": \"2\", \"amount\": 20}" }) {
			HttpResponse<String> r = this.api.send("POST", "/orders", body);
			assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
			assertThat(r.body()).as(body).contains("quantity");
		}
		// No order was started by any of them.
		assertThat(this.client.listInstances(new WorkflowQuery().setName("order").setPageSize(1000))
			.getWorkflowInstances()).hasSize(before);
	}

	@Test
	@SuppressWarnings("unchecked")
	void malformedApprovalIsRejectedBeforeItReachesTheOrder() throws Exception {
		String id = this.api.place("{\"item\": \"laptop\", \"quantity\": 1, \"amount\": 1200}");
		this.api.awaitOrder(id, "RUNNING", "AWAITING_APPROVAL");
		for (String body : new String[] { "{\"approved\": \"maybe\"}", "{\"approved\": \"true\"}", "{\"approved\": 1}",
				"{}", "{not json" }) {
			HttpResponse<String> r = this.api.sendAsDemo("POST", "/orders/" + id + "/approve", body);
			assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
			assertThat(r.body()).as(body).contains("approved");
		}
		assertThat(this.client.getInstanceHistory(id)).noneMatch(EventRaised.class::isInstance);
		// An explicit "no" from the API rejects the order and gives the money and the stock back.
		assertThat(this.api.sendAsDemo("POST", "/orders/" + id + "/approve", "{\"approved\": false}").statusCode()).isEqualTo(202);
		Map<String, Object> done = this.api.awaitOrder(id, "COMPLETED", null);
		assertThat(((Map<String, Object>) done.get("output")).get("reason")).isEqualTo("Not approved (demo)");
		assertThat(this.activities.isCharged(id)).isFalse();
		HttpResponse<String> late = this.api.sendAsDemo("POST", "/orders/" + id + "/approve", "{\"approved\": true}");
		assertThat(late.statusCode()).isEqualTo(409);
		assertThat(late.body()).contains("COMPLETED");
	}

	@Test
	@SuppressWarnings("unchecked")
	void malformedApprovalEventFromElsewhereIsANoWithCompensationNotAFailedOrder() throws Exception {
		int before = this.inventory.available("laptop");
		String id = this.api.place("{\"item\": \"laptop\", \"quantity\": 2, \"amount\": 3000}");
		this.api.awaitOrder(id, "RUNNING", "AWAITING_APPROVAL");
		assertThat(this.activities.isCharged(id)).isTrue();
		// Raised through the actuator endpoint, which cannot know the order's payload type.
		HttpResponse<String> raised = this.api.sendAsDemo("POST", "/actuator/workflows/" + id,
				"{\"operation\": \"raise-event\", \"eventName\": \"approve\", \"payload\": \"{\\\"approved\\\": \\\"yes\\\"}\"}");
		assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
		Map<String, Object> done = this.api.awaitOrder(id, "COMPLETED", null);
		Map<String, Object> output = (Map<String, Object>) done.get("output");
		assertThat(output.get("status")).isEqualTo("REJECTED");
		assertThat((String) output.get("reason")).contains("malformed approval");
		assertThat(this.activities.isCharged(id)).isFalse();
		assertThat(this.inventory.available("laptop")).isEqualTo(before);
	}

	@Test
	@SuppressWarnings("unchecked")
	void orderTerminatedWithAForeignOutputStaysReadable() throws Exception {
		String id = this.api.place("{\"item\": \"laptop\", \"quantity\": 1, \"amount\": 1100}");
		this.api.awaitOrder(id, "RUNNING", "AWAITING_APPROVAL");
		this.client.terminateWorkflow(id, Map.of("status", 42, "note", "stopped by an operator"));
		Map<String, Object> done = this.api.awaitOrder(id, "TERMINATED", null);
		assertThat((Map<String, Object>) done.get("output")).containsEntry("note", "stopped by an operator");
		HttpResponse<String> again = this.api.send("GET", "/orders/" + id, null);
		assertThat(again.statusCode()).isEqualTo(200);
		String plain = this.api.place("{\"item\": \"laptop\", \"quantity\": 1, \"amount\": 1100}");
		this.api.awaitOrder(plain, "RUNNING", "AWAITING_APPROVAL");
		this.client.terminateWorkflow(plain, "just a string");
		assertThat(this.api.awaitOrder(plain, "TERMINATED", null).get("output")).isEqualTo("just a string");
	}

}
