package dev.workflow.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the order API over HTTP, as a user of the sample does with curl.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "orders.approval-timeout=2s",
				"dapr.workflow.backend-configuration.url=jdbc:h2:file:./target/orders-${random.uuid}" })
class OrderFlowTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	Inventory inventory;

	@Autowired
	OrderActivities activities;

	private SampleHttp api;

	@BeforeEach
	void api() {
		this.api = new SampleHttp(this.port);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> awaitOrder(String id, String runtimeStatus, String stage) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		Map<String, Object> last = null;
		while (System.nanoTime() < deadline) {
			last = this.api.read(this.api.send("GET", "/orders/" + id, null));
			Map<String, Object> custom = (Map<String, Object>) last.get("customStatus");
			if (runtimeStatus.equals(last.get("runtimeStatus"))
					&& (stage == null || (custom != null && stage.equals(custom.get("stage"))))) {
				return last;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("Order " + id + " did not reach " + runtimeStatus + "/" + stage + "; last: " + last);
	}

	@Test
	@SuppressWarnings("unchecked")
	void largeOrderWaitsForApprovalThenShips() throws Exception {
		HttpResponse<String> placed = this.api.send("POST", "/orders", "{\"item\": \"laptop\", \"quantity\": 1, \"amount\": 1500}");
		assertThat(placed.statusCode()).isEqualTo(202);
		String id = (String) this.api.read(placed).get("instanceId");
		awaitOrder(id, "RUNNING", "AWAITING_APPROVAL");
		assertThat(this.api.sendAsDemo("POST", "/orders/" + id + "/approve", "{\"approved\": true}").statusCode())
			.isEqualTo(202);
		Map<String, Object> done = awaitOrder(id, "COMPLETED", null);
		Map<String, Object> output = (Map<String, Object>) done.get("output");
		assertThat(output.get("status")).isEqualTo("SHIPPED");
		assertThat((String) output.get("trackingNumber")).startsWith("TRK-");
		assertThat(((Map<String, Object>) done.get("customStatus")).get("stage")).isEqualTo("SHIPPED");
		assertThat(this.activities.isCharged(id)).isTrue();
	}

	@Test
	@SuppressWarnings("unchecked")
	void unapprovedOrderIsRejectedAfterTheTimeoutAndCompensated() throws Exception {
		int before = this.inventory.available("phone");
		String id = (String) this.api.read(this.api.send("POST", "/orders", "{\"item\": \"phone\", \"quantity\": 2, \"amount\": 2500}"))
			.get("instanceId");
		Map<String, Object> done = awaitOrder(id, "COMPLETED", null);
		Map<String, Object> output = (Map<String, Object>) done.get("output");
		assertThat(output.get("status")).isEqualTo("REJECTED");
		assertThat((String) output.get("reason")).contains("timeout");
		assertThat(this.inventory.available("phone")).isEqualTo(before);
		assertThat(this.activities.isCharged(id)).isFalse();
	}

	@Test
	@SuppressWarnings("unchecked")
	void failedShipmentIsCompensated() throws Exception {
		String id = (String) this.api.read(this.api.send("POST", "/orders", "{\"item\": \"fragile-vase\", \"quantity\": 1, \"amount\": 30}"))
			.get("instanceId");
		Map<String, Object> done = awaitOrder(id, "COMPLETED", "COMPENSATED");
		assertThat((String) ((Map<String, Object>) done.get("output")).get("reason")).contains("carrier");
		assertThat(this.activities.isCharged(id)).isFalse();
	}

	@Test
	void unknownOrdersAnswer404AndMalformedBodies400() throws Exception {
		assertThat(this.api.send("GET", "/orders/order-nope", null).statusCode()).isEqualTo(404);
		assertThat(this.api.sendAsDemo("POST", "/orders/order-nope/approve", "{\"approved\": true}").statusCode())
			.isEqualTo(404);
		HttpResponse<String> malformed = this.api.send("POST", "/orders", "{not json");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.body()).contains("Malformed body").contains("quantity");
		HttpResponse<String> invalid = this.api.send("POST", "/orders", "{\"item\": \"book\", \"quantity\": 0, \"amount\": 5}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("'quantity' must be at least 1");
	}


	@Test
	@SuppressWarnings("unchecked")
	void actuatorShowsBackendHealthAndTheWorkflowsEndpoint() throws Exception {
		String id = (String) this.api.read(this.api.send("POST", "/orders", "{\"item\": \"book\", \"quantity\": 1, \"amount\": 12}"))
			.get("instanceId");
		awaitOrder(id, "COMPLETED", null);
		Map<String, Object> health = this.api.read(this.api.sendAsDemo("GET", "/actuator/health", null));
		assertThat(health.get("status")).isEqualTo("UP");
		Map<String, Object> workflow = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("workflow");
		assertThat(workflow.get("status")).isEqualTo("UP");
		Map<String, Object> shown = this.api.read(this.api.sendAsDemo("GET", "/actuator/workflows/" + id, null));
		assertThat(shown.get("runtimeStatus")).isEqualTo("COMPLETED");
		assertThat((java.util.List<Object>) shown.get("history")).isNotEmpty();
		Map<String, Object> listed = this.api.read(this.api.sendAsDemo("GET", "/actuator/workflows?name=order&status=COMPLETED", null));
		assertThat((java.util.List<Map<String, Object>>) listed.get("instances")).extracting(m -> m.get("instanceId"))
			.contains(id);
	}

}
