package dev.workflow.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.sample.Orders.Order;
import dev.workflow.sample.Orders.OrderResult;
import dev.workflow.sample.Orders.Stage;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator over HTTP as the sample ships it: health is public, everything else under
 * {@code /actuator} needs the demo user, and the {@code workflows} endpoint answers bad input
 * with a client error and a message instead of a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dapr.workflow.backend-configuration.state-store=memory", "orders.approval-timeout=1h" })
@ExtendWith(OutputCaptureExtension.class)
class ActuatorEndpointTests {

	private static final String DEMO = SampleHttp.DEMO;

	@Value("${local.server.port}")
	int port;

	@Autowired
	WorkflowClient client;

	@Autowired
	OrderActivities activities;

	private final JsonMapper json = JsonMapper.builder().build();

	private HttpResponse<String> send(String credentials, String method, String path, String body) throws Exception {
		return new SampleHttp(this.port).send(credentials, method, path, body);
	}

	private String waitingOrder(String id) throws Exception {
		this.client.scheduleNewWorkflow("order", new Order(id, "laptop", 1, 1500), id);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			WorkflowInstanceStatus s = this.client.getInstanceState(id, true);
			Stage stage = s == null ? null : s.readCustomStatusAs(Stage.class);
			if (stage != null && stage.stage().equals("AWAITING_APPROVAL")) {
				return id;
			}
			assertThat(System.nanoTime()).as("order never reached approval").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	// ---- security (item 16b) ----

	@Test
	void withoutCredentialsOnlyHealthIsOpenAndNoOperationChangesAnything() throws Exception {
		String id = waitingOrder("sec-" + System.nanoTime());
		HttpResponse<String> health = send(null, "GET", "/actuator/health", null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");

		String approve = "{\"operation\": \"raise-event\", \"eventName\": \"approve\", "
				+ "\"payload\": \"{\\\"approved\\\": true, \\\"approver\\\": \\\"mallory\\\"}\"}";
		assertThat(send(null, "POST", "/actuator/workflows/" + id, approve).statusCode()).isEqualTo(401);
		assertThat(send("demo:wrong-password", "POST", "/actuator/workflows/" + id, approve).statusCode())
			.isEqualTo(401);
		assertThat(send(null, "POST", "/actuator/workflows/" + id, "{\"operation\": \"terminate\"}").statusCode())
			.isEqualTo(401);
		assertThat(send(null, "GET", "/actuator/workflows", null).statusCode()).isEqualTo(401);
		assertThat(send(null, "GET", "/actuator/workflows/" + id, null).statusCode()).isEqualTo(401);
		assertThat(send(null, "GET", "/actuator/metrics", null).statusCode()).isEqualTo(401);
		assertThat(send(null, "POST", "/orders/" + id + "/approve", "{\"approved\": true}").statusCode())
			.isEqualTo(401);

		// None of the refused calls reached the instance: still waiting, nothing in its history.
		WorkflowInstanceStatus s = this.client.getInstanceState(id, true);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		assertThat(s.readCustomStatusAs(Stage.class).stage()).isEqualTo("AWAITING_APPROVAL");
		assertThat(this.client.getInstanceHistory(id))
			.noneMatch(e -> e.getClass().getSimpleName().equals("EventRaised"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theDemoUserReadsAndOperatesWithBasicAuthentication() throws Exception {
		String id = waitingOrder("ops-" + System.nanoTime());
		HttpResponse<String> health = send(DEMO, "GET", "/actuator/health", null);
		assertThat(health.body()).contains("\"workflow\"");
		HttpResponse<String> listed = send(DEMO, "GET", "/actuator/workflows?name=order&status=RUNNING", null);
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat((List<Map<String, Object>>) this.json.readValue(listed.body(), Map.class).get("instances"))
			.extracting(m -> m.get("instanceId"))
			.contains(id);
		HttpResponse<String> raised = send(DEMO, "POST", "/actuator/workflows/" + id,
				"{\"operation\": \"raise-event\", \"eventName\": \"approve\", "
						+ "\"payload\": \"{\\\"approved\\\": true, \\\"approver\\\": \\\"ops\\\"}\"}");
		assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
		WorkflowInstanceStatus done = this.client.waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
		assertThat(done.readOutputAs(OrderResult.class).status()).isEqualTo("SHIPPED");
	}

	@Test
	void aBrowserIsSentToTheLoginFormAndSignsInThere() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
		HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/actuator/workflows"))
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/login"));
		HttpResponse<String> form = browser.send(HttpRequest.newBuilder(uri("/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(form.statusCode()).isEqualTo(200);
		// The form carries a CSRF token: browser sessions keep Spring Security's CSRF protection.
		java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
			.matcher(form.body());
		assertThat(token.find()).as(form.body()).isTrue();
		HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=demo&password=demo-password&_csrf=" + token.group(1)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).doesNotContain("error"));
		HttpResponse<String> listed = browser.send(HttpRequest.newBuilder(uri("/actuator/workflows")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains("instances");
	}

	@Test
	void writesTakeJsonOnlySoACrossSiteFormCannotPostThem() throws Exception {
		String id = waitingOrder("form-" + System.nanoTime());
		HttpClient http = HttpClient.newHttpClient();
		String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(DEMO.getBytes());
		for (String path : new String[] { "/actuator/workflows/" + id, "/orders/" + id + "/approve", "/orders" }) {
			// What an HTML form can send: its three encodings, as a browser writes them.
			String multipart = "--b\r\nContent-Disposition: form-data; name=\"operation\"\r\n\r\nterminate\r\n--b--\r\n";
			String[][] forms = { { "application/x-www-form-urlencoded", "operation=terminate&approved=true" },
					{ "text/plain", "operation=terminate" }, { "multipart/form-data; boundary=b", multipart } };
			for (String[] form : forms) {
				String type = form[0];
				HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path))
					.header("Authorization", basic)
					.header("Content-Type", type)
					.POST(HttpRequest.BodyPublishers.ofString(form[1]))
					.build(), HttpResponse.BodyHandlers.ofString());
				// 415 also shows the error page is reachable: a refused request keeps its status
				// instead of turning into a 401.
				assertThat(r.statusCode()).as(type + " to " + path).isEqualTo(415);
			}
		}
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		assertThat(this.client.getInstanceHistory(id)).noneMatch(e -> e.getClass().getSimpleName().equals("EventRaised"));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	// ---- bad input to the workflows endpoint (item 16c) ----

	@Test
	void badInputIsAClientErrorWithAMessageAndChangesNothing(CapturedOutput output) throws Exception {
		String id = waitingOrder("bad-" + System.nanoTime());

		HttpResponse<String> status = send(DEMO, "GET", "/actuator/workflows?status=bogus", null);
		assertThat(status.statusCode()).isEqualTo(400);
		assertThat(status.body()).contains("Unknown status 'bogus'").contains("RUNNING");
		HttpResponse<String> pageSize = send(DEMO, "GET", "/actuator/workflows?pageSize=0", null);
		assertThat(pageSize.statusCode()).isEqualTo(400);
		assertThat(pageSize.body()).contains("pageSize");
		HttpResponse<String> unknown = send(DEMO, "GET", "/actuator/workflows/no-such-order", null);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("no-such-order");
		HttpResponse<String> badId = send(DEMO, "GET", "/actuator/workflows/bad%20id", null);
		assertThat(badId.statusCode()).isEqualTo(400);

		HttpResponse<String> operation = send(DEMO, "POST", "/actuator/workflows/" + id, "{\"operation\": \"explode\"}");
		assertThat(operation.statusCode()).isEqualTo(400);
		assertThat(operation.body()).contains("Unknown operation 'explode'").contains("raise-event");
		HttpResponse<String> noName = send(DEMO, "POST", "/actuator/workflows/" + id, "{\"operation\": \"raise-event\"}");
		assertThat(noName.statusCode()).isEqualTo(400);
		assertThat(noName.body()).contains("eventName");
		HttpResponse<String> payload = send(DEMO, "POST", "/actuator/workflows/" + id,
				"{\"operation\": \"raise-event\", \"eventName\": \"approve\", \"payload\": \"{not json\"}");
		assertThat(payload.statusCode()).isEqualTo(400);
		assertThat(payload.body()).contains("payload");
		HttpResponse<String> suspendUnknown = send(DEMO, "POST", "/actuator/workflows/no-such-order",
				"{\"operation\": \"suspend\"}");
		assertThat(suspendUnknown.statusCode()).isEqualTo(404);
		assertThat(suspendUnknown.body()).contains("no-such-order");
		HttpResponse<String> purgeUnknown = send(DEMO, "POST", "/actuator/workflows/no-such-order",
				"{\"operation\": \"purge\"}");
		assertThat(purgeUnknown.statusCode()).isEqualTo(404);
		HttpResponse<String> purgeRunning = send(DEMO, "POST", "/actuator/workflows/" + id, "{\"operation\": \"purge\"}");
		assertThat(purgeRunning.statusCode()).isEqualTo(409);
		assertThat(purgeRunning.body()).contains(id);

		// Nothing was written by the rejected calls, and no request ended in a server error.
		WorkflowInstanceStatus s = this.client.getInstanceState(id, true);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		assertThat(this.client.getInstanceHistory(id))
			.noneMatch(e -> e.getClass().getSimpleName().equals("EventRaised"));
		assertThat(output.getAll()).doesNotContain("Servlet.service()");
	}

}
