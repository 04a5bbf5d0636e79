package dev.workflow.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendJson;
import dev.workflow.history.HistoryEvent;

import tools.jackson.core.JacksonException;

/**
 * The {@code workflows} actuator endpoint: list and filter instances, show one with its history,
 * and operate on it (raise an event, suspend, resume, terminate, purge). Like every endpoint but
 * health, it is not exposed over HTTP unless the application includes it in
 * {@code management.endpoints.web.exposure.include}; an application that exposes it should also
 * secure it, since it changes instances and shows their payloads.
 * <p>
 * It is a web endpoint because its answers are HTTP answers: bad input is a 400 with a message
 * ({@code {"error": "..."}}), an unknown instance a 404, an operation the instance's state does
 * not allow (purging a running instance) a 409; only a fault of the backend is a 500.
 */
@WebEndpoint(id = "workflows")
public class WorkflowsEndpoint {

	/** HTTP 409: the request is valid but the instance's state does not allow it. */
	static final int STATUS_CONFLICT = 409;

	private static final List<String> OPERATIONS = List.of("raise-event", "suspend", "resume", "terminate", "purge");

	private final WorkflowClient client;

	WorkflowsEndpoint(WorkflowClient client) {
		this.client = client;
	}

	/**
	 * Lists instances.
	 * @param status a runtime status to filter by, or null
	 * @param name a workflow name to filter by, or null
	 * @param pageSize instances per page (default 100)
	 * @param continuationToken the previous page's token, or null
	 * @return the page, or a 400 naming the bad parameter
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> list(@Nullable String status, @Nullable String name,
			@Nullable Integer pageSize, @Nullable String continuationToken) {
		return answer(() -> {
			WorkflowQuery q = new WorkflowQuery().setName(name).setContinuationToken(continuationToken);
			if (status != null) {
				q.setRuntimeStatus(parseStatus(status));
			}
			if (pageSize != null) {
				q.setPageSize(pageSize);
			}
			WorkflowQueryResult page = this.client.listInstances(q);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("instances", page.getWorkflowInstances().stream().map(WorkflowsEndpoint::summary).toList());
			body.put("continuationToken", page.getContinuationToken());
			return ok(body);
		});
	}

	/**
	 * Shows one instance with its payloads and history.
	 * @param instanceId the instance
	 * @return the instance, a 404 if unknown, or a 400 for an invalid id
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> instance(@Selector String instanceId) {
		return answer(() -> {
			WorkflowInstanceStatus s = this.client.getInstanceState(instanceId, true);
			if (s == null) {
				return notFound(instanceId);
			}
			Map<String, Object> body = summary(s);
			body.put("input", s.getSerializedInput());
			body.put("output", s.getSerializedOutput());
			body.put("customStatus", s.getSerializedCustomStatus());
			List<HistoryEvent> history = this.client.getInstanceHistory(instanceId);
			body.put("history", history.stream().map(e -> BackendJson.read(BackendJson.write(e), Map.class)).toList());
			return ok(body);
		});
	}

	/**
	 * Operates on an instance.
	 * @param instanceId the instance
	 * @param operation raise-event, suspend, resume, terminate or purge
	 * @param eventName the event name, for raise-event
	 * @param payload the event payload or terminate output, as JSON text, or null
	 * @param reason the reason, for suspend and resume
	 * @return what was done; a 400 for bad input (nothing is written), a 404 for an unknown
	 * instance, a 409 for purging an instance that has not finished
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> operate(@Selector String instanceId, String operation,
			@Nullable String eventName, @Nullable String payload, @Nullable String reason) {
		return answer(() -> {
			String op = operation.trim().toLowerCase(Locale.ROOT);
			if (!OPERATIONS.contains(op)) {
				return badRequest("Unknown operation '" + operation + "'; valid operations are " + OPERATIONS);
			}
			if (op.equals("raise-event") && eventName == null) {
				return badRequest("raise-event needs eventName, the name of the event to raise");
			}
			// Parsed before anything is sent, so a malformed payload writes nothing.
			Object value;
			try {
				value = payload == null ? null : BackendJson.read(payload, Object.class);
			}
			catch (JacksonException ex) {
				return badRequest("payload is not valid JSON text (" + ex.getOriginalMessage()
						+ "); send the event payload or terminate output as JSON text in a string, such as "
						+ "\"{\\\"key\\\": \\\"value\\\"}\" or \"42\"");
			}
			switch (op) {
				case "raise-event" -> this.client.raiseEvent(instanceId, eventName, value);
				case "suspend" -> this.client.suspendWorkflow(instanceId, reason);
				case "resume" -> this.client.resumeWorkflow(instanceId, reason);
				case "terminate" -> this.client.terminateWorkflow(instanceId, value);
				default -> {
					if (!this.client.purgeInstance(instanceId)) {
						return notFound(instanceId);
					}
					return ok(Map.of("instanceId", instanceId, "operation", "purge", "purged", true));
				}
			}
			return ok(Map.of("instanceId", instanceId, "operation", op));
		});
	}

	/**
	 * Runs an operation and turns the client's documented exceptions into client errors: they
	 * are the caller's mistake, not the server's, so they get a status and a message instead of
	 * a 500 and a stack trace in the log.
	 */
	private static WebEndpointResponse<Map<String, Object>> answer(
			Supplier<WebEndpointResponse<Map<String, Object>>> operation) {
		try {
			return operation.get();
		}
		catch (WorkflowInstanceNotFoundException ex) {
			return error(ex.getMessage(), WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (IllegalArgumentException ex) {
			return badRequest(ex.getMessage());
		}
		catch (IllegalStateException ex) {
			return error(ex.getMessage(), STATUS_CONFLICT);
		}
	}

	private static WebEndpointResponse<Map<String, Object>> ok(Map<String, Object> body) {
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
	}

	private static WebEndpointResponse<Map<String, Object>> badRequest(String message) {
		return error(message, WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private static WebEndpointResponse<Map<String, Object>> notFound(String instanceId) {
		return error("No workflow instance with id '" + instanceId + "'", WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private static WebEndpointResponse<Map<String, Object>> error(String message, int status) {
		return new WebEndpointResponse<>(Map.of("error", message == null ? "" : message), status);
	}

	private static WorkflowRuntimeStatus parseStatus(String status) {
		try {
			return WorkflowRuntimeStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Unknown status '" + status + "'; valid statuses are "
					+ List.of(WorkflowRuntimeStatus.values()), ex);
		}
	}

	private static Map<String, Object> summary(WorkflowInstanceStatus s) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("instanceId", s.getInstanceId());
		m.put("name", s.getName());
		m.put("runtimeStatus", s.getRuntimeStatus().name());
		m.put("createdAt", s.getCreatedAt().toString());
		m.put("lastUpdatedAt", s.getLastUpdatedAt().toString());
		if (s.getFailureDetails() != null) {
			m.put("failure", s.getFailureDetails().getErrorType() + ": " + s.getFailureDetails().getErrorMessage());
		}
		return m;
	}

}
