package dev.workflow.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the running sample over HTTP as curl does, anonymously or as the demo user of
 * application.yml (HTTP Basic).
 */
final class SampleHttp {

	static final String DEMO = "demo:demo-password";

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	SampleHttp(int port) {
		this.port = port;
	}

	HttpResponse<String> send(String method, String path, String body) throws Exception {
		return send(null, method, path, body);
	}

	HttpResponse<String> sendAsDemo(String method, String path, String body) throws Exception {
		return send(DEMO, method, path, body);
	}

	HttpResponse<String> send(String credentials, String method, String path, String body) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json");
		if (credentials != null) {
			b.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		return this.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> read(HttpResponse<String> r) {
		return this.json.readValue(r.body(), Map.class);
	}

	String place(String orderJson) throws Exception {
		HttpResponse<String> r = send("POST", "/orders", orderJson);
		if (r.statusCode() != 202) {
			throw new AssertionError("Placing " + orderJson + " answered " + r.statusCode() + ": " + r.body());
		}
		return (String) read(r).get("instanceId");
	}

	/** Polls {@code GET /orders/{id}} until the order has the runtime status (and stage, if given). */
	@SuppressWarnings("unchecked")
	Map<String, Object> awaitOrder(String id, String runtimeStatus, String stage) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		Map<String, Object> last = null;
		while (System.nanoTime() < deadline) {
			last = read(send("GET", "/orders/" + id, null));
			Object custom = last.get("customStatus");
			if (runtimeStatus.equals(last.get("runtimeStatus")) && (stage == null
					|| (custom instanceof Map<?, ?> m && stage.equals(((Map<String, Object>) m).get("stage"))))) {
				return last;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("Order " + id + " did not reach " + runtimeStatus + "/" + stage + "; last: " + last);
	}

}
