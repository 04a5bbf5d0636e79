package dev.workflow.sample;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's JSON API as a script calls it: HTTP Basic, with a cookie jar so Spring Security's
 * CSRF token (kept in the session) stays valid between the session read and the action.
 */
final class DashboardApi {

	private final int port;

	private final String credentials;

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	private final JsonMapper json = JsonMapper.builder().build();

	DashboardApi(int port, String credentials) {
		this.port = port;
		this.credentials = credentials;
	}

	/** The page's session: user, read-only, the action token and Spring Security's CSRF token. */
	@SuppressWarnings("unchecked")
	Map<String, Object> session() throws Exception {
		HttpResponse<String> r = this.http.send(request("/workflows-ui/api/session").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new AssertionError("GET /workflows-ui/api/session answered " + r.statusCode() + ": " + r.body());
		}
		return this.json.readValue(r.body(), Map.class);
	}

	/** GETs a path of the dashboard's API (under /workflows-ui/api/) and reads its JSON. */
	@SuppressWarnings("unchecked")
	Map<String, Object> get(String apiPath) throws Exception {
		HttpResponse<String> r = this.http.send(request("/workflows-ui/api/" + apiPath).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new AssertionError("GET " + apiPath + " answered " + r.statusCode() + ": " + r.body());
		}
		return this.json.readValue(r.body(), Map.class);
	}

	/**
	 * Posts an action with the chosen tokens of the session.
	 * @param csrf whether to send Spring Security's CSRF token
	 * @param actionToken whether to send the dashboard's action token
	 */
	HttpResponse<String> act(String instanceId, String action, boolean csrf, boolean actionToken) throws Exception {
		return act(instanceId, action, "{}", csrf, actionToken);
	}

	/** Posts an action with this JSON body and the chosen tokens of the session. */
	@SuppressWarnings("unchecked")
	HttpResponse<String> act(String instanceId, String action, String body, boolean csrf, boolean actionToken)
			throws Exception {
		Map<String, Object> session = session();
		Map<String, String> headers = new LinkedHashMap<>();
		Map<String, String> csrfToken = (Map<String, String>) session.get("csrf");
		if (csrf) {
			headers.put(csrfToken.get("headerName"), csrfToken.get("token"));
		}
		if (actionToken) {
			headers.put((String) session.get("actionTokenHeader"), (String) session.get("actionToken"));
		}
		HttpRequest.Builder b = request("/workflows-ui/api/instances/" + instanceId + "/" + action)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(b::header);
		return this.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(this.credentials.getBytes(StandardCharsets.UTF_8)));
	}

}
