package dev.workflow.spring.boot.autoconfigure.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's page, assets and JSON API, all under {@code dapr.workflow.ui.path}. Every request
 * needs a signed-in user (see {@link UiAccess}); actions also need the action role, a dashboard
 * that is not read-only, and the action token (beside Spring Security's CSRF token).
 */
@ResponseBody
@RequestMapping("${dapr.workflow.ui.path:/workflows-ui}")
public class WorkflowUiController {

	private static final Log logger = LogFactory.getLog(WorkflowUiController.class);

	private static final Map<String, MediaType> ASSETS = Map.of("app.js",
			MediaType.parseMediaType("text/javascript;charset=UTF-8"), "app.css",
			MediaType.parseMediaType("text/css;charset=UTF-8"));

	private static final List<String> ACTIONS = List.of("raise-event", "suspend", "resume", "terminate", "purge",
			"restart");

	private final WorkflowClient client;

	private final WorkflowUiProperties properties;

	private final UiAccess access;

	private final WorkflowUiQueries queries;

	private final WorkflowUiMetrics metrics;

	private final JsonMapper json = JsonMapper.builder().build();

	WorkflowUiController(WorkflowClient client, WorkflowUiProperties properties, UiAccess access,
			WorkflowUiQueries queries, WorkflowUiMetrics metrics) {
		this.client = client;
		this.properties = properties;
		this.access = access;
		this.queries = queries;
		this.metrics = metrics;
	}

	@GetMapping({ "", "/" })
	ResponseEntity<?> page(HttpServletRequest request) throws IOException {
		if (this.access.user(request) == null) {
			return refuse(HttpStatus.UNAUTHORIZED, "Sign in to see the workflow dashboard");
		}
		// the page loads its assets and API relative to its base, so it works with or without the
		// trailing '/' and under a servlet context path
		String base = request.getContextPath() + this.properties.getPath() + "/";
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
			.cacheControl(CacheControl.noStore())
			.body(read("index.html").replace("{{base}}", HtmlUtils.htmlEscape(base)));
	}

	@GetMapping("/assets/{file}")
	ResponseEntity<?> asset(@PathVariable String file, HttpServletRequest request) throws IOException {
		MediaType type = ASSETS.get(file);
		if (type == null) {
			return refuse(HttpStatus.NOT_FOUND, "No dashboard asset '" + file + "'");
		}
		return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache()).body(read(file));
	}

	@GetMapping("/api/session")
	ResponseEntity<?> session(HttpServletRequest request) {
		String user = this.access.user(request);
		if (user == null) {
			return refuse(HttpStatus.UNAUTHORIZED, "Sign in to see the workflow dashboard");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("user", user);
		body.put("readOnly", this.properties.isReadOnly());
		body.put("mayAct", !this.properties.isReadOnly() && this.access.mayAct(request));
		body.put("actionTokenHeader", UiAccess.TOKEN_HEADER);
		body.put("actionToken", this.access.actionToken(user));
		body.put("csrf", this.access.csrfToken(request));
		body.put("stuckAfter", this.properties.getStuckAfter().toString());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	@GetMapping("/api/overview")
	ResponseEntity<?> overview(HttpServletRequest request) {
		if (this.access.user(request) == null) {
			return refuse(HttpStatus.UNAUTHORIZED, "Sign in to see the workflow dashboard");
		}
		Map<String, Object> body = this.queries.overview();
		body.put("lastHour", this.metrics.lastHour());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	@GetMapping("/api/instances")
	ResponseEntity<?> list(HttpServletRequest request, @RequestParam(required = false) List<String> status,
			@RequestParam(required = false) String name, @RequestParam(required = false) String idPrefix,
			@RequestParam(required = false) String createdFrom, @RequestParam(required = false) String createdTo,
			@RequestParam(defaultValue = "createdAt") String sort, @RequestParam(defaultValue = "desc") String dir,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		if (this.access.user(request) == null) {
			return refuse(HttpStatus.UNAUTHORIZED, "Sign in to see the workflow dashboard");
		}
		if (!dir.equals("asc") && !dir.equals("desc")) {
			throw new IllegalArgumentException("dir must be asc or desc, was '" + dir + "'");
		}
		WorkflowQuery filter = new WorkflowQuery().setRuntimeStatusList(statuses(status))
			.setName(blankToNull(name))
			.setInstanceIdPrefix(blankToNull(idPrefix))
			.setCreatedFrom(instant("createdFrom", createdFrom))
			.setCreatedTo(instant("createdTo", createdTo));
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(this.queries.list(new WorkflowUiQueries.ListRequest(filter, sort, dir.equals("desc"), page, size)));
	}

	@GetMapping("/api/instances/{id}")
	ResponseEntity<?> detail(@PathVariable String id, HttpServletRequest request) {
		if (this.access.user(request) == null) {
			return refuse(HttpStatus.UNAUTHORIZED, "Sign in to see the workflow dashboard");
		}
		Map<String, Object> body = this.queries.detail(id);
		if (body == null) {
			return refuse(HttpStatus.NOT_FOUND, "No workflow instance with id '" + id + "'");
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	@PostMapping(path = "/api/instances/{id}/{action}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> act(@PathVariable String id, @PathVariable String action,
			@RequestBody(required = false) Map<String, Object> body, HttpServletRequest request) {
		String user = this.access.user(request);
		if (user == null) {
			return refuse(HttpStatus.UNAUTHORIZED, "Sign in to use the workflow dashboard");
		}
		if (this.properties.isReadOnly()) {
			return refuse(HttpStatus.FORBIDDEN,
					"The workflow dashboard is read-only; set dapr.workflow.ui.read-only=false to allow actions");
		}
		if (!this.access.mayAct(request)) {
			return refuse(HttpStatus.FORBIDDEN,
					"User '" + user + "' may not act on workflows from the dashboard: it needs "
							+ this.access.missingPermission());
		}
		if (!this.access.hasActionToken(request, user)) {
			return refuse(HttpStatus.FORBIDDEN, "Missing or wrong " + UiAccess.TOKEN_HEADER
					+ " header: actions must come from the dashboard page, which sends it");
		}
		if (!ACTIONS.contains(action)) {
			return refuse(HttpStatus.NOT_FOUND, "No action '" + action + "'; actions are " + ACTIONS);
		}
		Map<String, Object> args = body == null ? Map.of() : body;
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("instanceId", id);
		result.put("action", action);
		switch (action) {
			case "raise-event" -> {
				String eventName = text(args, "eventName");
				if (eventName == null) {
					throw new IllegalArgumentException("'eventName' is required to raise an event");
				}
				this.client.raiseEvent(id, eventName, parse("payload", text(args, "payload")));
			}
			case "suspend" -> this.client.suspendWorkflow(id, reason(args, user));
			case "resume" -> this.client.resumeWorkflow(id, reason(args, user));
			case "terminate" -> this.client.terminateWorkflow(id, parse("output", text(args, "output")));
			case "purge" -> result.put("purged", this.client.purgeInstance(id));
			default -> result.put("newInstanceId",
					this.client.restartInstance(id, !Boolean.FALSE.equals(args.get("newInstanceId"))));
		}
		// who did what to which instance, for the audit trail
		logger.info("Workflow dashboard: user '" + user + "' did " + action + " on instance '" + id + "'");
		return ResponseEntity.ok(result);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return refuse(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(WorkflowInstanceNotFoundException.class)
	ResponseEntity<Map<String, String>> notFound(WorkflowInstanceNotFoundException ex) {
		return refuse(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler({ WorkflowInstanceExistsException.class, IllegalStateException.class })
	ResponseEntity<Map<String, String>> conflict(RuntimeException ex) {
		return refuse(HttpStatus.CONFLICT, ex.getMessage());
	}

	private static ResponseEntity<Map<String, String>> refuse(HttpStatus status, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("error", message == null ? status.getReasonPhrase() : message));
	}

	private static String read(String file) throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/workflow-ui/" + file).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private Object parse(String field, String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return this.json.readValue(text, Object.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("'" + field + "' is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	private static String text(Map<String, Object> args, String key) {
		Object value = args.get(key);
		return value == null ? null : value.toString();
	}

	private static String reason(Map<String, Object> args, String user) {
		String reason = text(args, "reason");
		return (reason == null || reason.isBlank()) ? "from the dashboard by " + user : reason;
	}

	private static List<WorkflowRuntimeStatus> statuses(List<String> names) {
		List<WorkflowRuntimeStatus> statuses = new ArrayList<>();
		if (names != null) {
			for (String name : names) {
				if (name.isBlank()) {
					continue;
				}
				try {
					statuses.add(WorkflowRuntimeStatus.valueOf(name.trim().toUpperCase(Locale.ROOT)));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("status must be one of "
							+ List.of(WorkflowRuntimeStatus.values()) + ", was '" + name + "'");
				}
			}
		}
		return statuses;
	}

	private static Instant instant(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, was '" + value + "'");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
