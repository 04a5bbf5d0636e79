package dev.workflow.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendJson;
import dev.workflow.history.HistoryEvent;

/**
 * The {@code workflows} actuator endpoint: list and filter instances, show one with its history,
 * and operate on it (raise an event, suspend, resume, terminate, purge). Like every endpoint but
 * health, it is not exposed over HTTP unless the application includes it in
 * {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "workflows")
public class WorkflowsEndpoint {

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
	 * @return the page
	 */
	@ReadOperation
	public Map<String, Object> list(@Nullable String status, @Nullable String name, @Nullable Integer pageSize,
			@Nullable String continuationToken) {
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
		return body;
	}

	/**
	 * Shows one instance with its payloads and history.
	 * @param instanceId the instance
	 * @return the instance, or null (404) if unknown
	 */
	@ReadOperation
	public @Nullable Map<String, Object> instance(@Selector String instanceId) {
		WorkflowInstanceStatus s = this.client.getInstanceState(instanceId, true);
		if (s == null) {
			return null;
		}
		Map<String, Object> body = summary(s);
		body.put("input", s.getSerializedInput());
		body.put("output", s.getSerializedOutput());
		body.put("customStatus", s.getSerializedCustomStatus());
		List<HistoryEvent> history = this.client.getInstanceHistory(instanceId);
		body.put("history", history.stream().map(e -> BackendJson.read(BackendJson.write(e), Map.class)).toList());
		return body;
	}

	/**
	 * Operates on an instance.
	 * @param instanceId the instance
	 * @param operation raise-event, suspend, resume, terminate or purge
	 * @param eventName the event name, for raise-event
	 * @param payload the event payload or terminate output, as JSON text, or null
	 * @param reason the reason, for suspend and resume
	 * @return what was done
	 */
	@WriteOperation
	public Map<String, Object> operate(@Selector String instanceId, String operation, @Nullable String eventName,
			@Nullable String payload, @Nullable String reason) {
		Object value = payload == null ? null : BackendJson.read(payload, Object.class);
		switch (operation.toLowerCase(Locale.ROOT)) {
			case "raise-event" -> {
				if (eventName == null) {
					throw new IllegalArgumentException("raise-event needs eventName");
				}
				this.client.raiseEvent(instanceId, eventName, value);
			}
			case "suspend" -> this.client.suspendWorkflow(instanceId, reason);
			case "resume" -> this.client.resumeWorkflow(instanceId, reason);
			case "terminate" -> this.client.terminateWorkflow(instanceId, value);
			case "purge" -> {
				return Map.of("instanceId", instanceId, "operation", "purge", "purged",
						this.client.purgeInstance(instanceId));
			}
			default -> throw new IllegalArgumentException("Unknown operation '" + operation
					+ "'; valid operations are raise-event, suspend, resume, terminate, purge");
		}
		return Map.of("instanceId", instanceId, "operation", operation);
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
