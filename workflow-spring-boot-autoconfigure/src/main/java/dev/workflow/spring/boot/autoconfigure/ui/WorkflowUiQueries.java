package dev.workflow.spring.boot.autoconfigure.ui;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * The dashboard's reads, over {@link WorkflowClient}. The client lists instances oldest first with
 * a continuation token; the dashboard sorts by any column and jumps to any page, so it reads the
 * matching instances (without payloads, up to {@code max-scan}) and sorts and pages them here.
 */
final class WorkflowUiQueries {

	private static final Map<String, Comparator<WorkflowInstanceStatus>> SORTS = Map.of("createdAt",
			Comparator.comparing(WorkflowInstanceStatus::getCreatedAt), "lastUpdatedAt",
			Comparator.comparing(WorkflowInstanceStatus::getLastUpdatedAt), "name",
			Comparator.comparing(WorkflowInstanceStatus::getName), "status",
			Comparator.comparing((WorkflowInstanceStatus s) -> s.getRuntimeStatus().name()), "instanceId",
			Comparator.comparing(WorkflowInstanceStatus::getInstanceId));

	private final WorkflowClient client;

	private final WorkflowUiProperties properties;

	private final Clock clock;

	WorkflowUiQueries(WorkflowClient client, WorkflowUiProperties properties, Clock clock) {
		this.client = client;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The filters and the page the list asks for.
	 * @param filter the instances to match (its page size and token are ignored)
	 * @param sort a column: createdAt, lastUpdatedAt, name, status or instanceId
	 * @param descending true for newest (or last) first
	 * @param page the page, from 0
	 * @param size instances per page, 1 to 500
	 */
	record ListRequest(WorkflowQuery filter, String sort, boolean descending, int page, int size) {

		ListRequest {
			if (!SORTS.containsKey(sort)) {
				throw new IllegalArgumentException(
						"sort must be one of " + new TreeMap<>(SORTS).keySet() + ", was '" + sort + "'");
			}
			if (page < 0) {
				throw new IllegalArgumentException("page must be 0 or more, was " + page);
			}
			if (size < 1 || size > 500) {
				throw new IllegalArgumentException("size must be between 1 and 500, was " + size);
			}
		}

	}

	/**
	 * A page of the list.
	 * @param request what was asked
	 * @return the rows, the total matched and whether the scan stopped at {@code max-scan}
	 */
	Map<String, Object> list(ListRequest request) {
		Scan scan = scan(request.filter());
		Comparator<WorkflowInstanceStatus> order = SORTS.get(request.sort())
			.thenComparing(WorkflowInstanceStatus::getInstanceId);
		List<WorkflowInstanceStatus> sorted = new ArrayList<>(scan.instances());
		sorted.sort(request.descending() ? order.reversed() : order);
		int from = Math.min(sorted.size(), request.page() * request.size());
		int to = Math.min(sorted.size(), from + request.size());
		List<Map<String, Object>> rows = new ArrayList<>();
		for (WorkflowInstanceStatus s : sorted.subList(from, to)) {
			rows.add(row(s));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("instances", rows);
		body.put("total", sorted.size());
		body.put("page", request.page());
		body.put("size", request.size());
		body.put("partial", scan.partial());
		return body;
	}

	/**
	 * The overview: counts by status and name, and instances that look stuck.
	 * @return the figures
	 */
	Map<String, Object> overview() {
		Scan scan = scan(new WorkflowQuery());
		Map<WorkflowRuntimeStatus, Integer> byStatus = new EnumMap<>(WorkflowRuntimeStatus.class);
		for (WorkflowRuntimeStatus status : WorkflowRuntimeStatus.values()) {
			byStatus.put(status, 0);
		}
		Map<String, Map<String, Integer>> byName = new TreeMap<>();
		Instant stuckBefore = this.clock.instant().minus(this.properties.getStuckAfter());
		List<WorkflowInstanceStatus> stuck = new ArrayList<>();
		for (WorkflowInstanceStatus s : scan.instances()) {
			byStatus.merge(s.getRuntimeStatus(), 1, Integer::sum);
			byName.computeIfAbsent(s.getName(), (n) -> new TreeMap<>()).merge(s.getRuntimeStatus().name(), 1,
					Integer::sum);
			// suspended instances wait on purpose; running and pending ones should move
			boolean active = s.getRuntimeStatus() == WorkflowRuntimeStatus.RUNNING
					|| s.getRuntimeStatus() == WorkflowRuntimeStatus.PENDING;
			if (active && s.getLastUpdatedAt().isBefore(stuckBefore)) {
				stuck.add(s);
			}
		}
		stuck.sort(Comparator.comparing(WorkflowInstanceStatus::getLastUpdatedAt));
		List<Map<String, Object>> stuckRows = new ArrayList<>();
		for (WorkflowInstanceStatus s : stuck.subList(0, Math.min(50, stuck.size()))) {
			stuckRows.add(row(s));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("total", scan.instances().size());
		body.put("partial", scan.partial());
		body.put("byStatus", byStatus);
		body.put("byName", byName);
		body.put("stuckAfter", this.properties.getStuckAfter().toString());
		body.put("stuckCount", stuck.size());
		body.put("stuck", stuckRows);
		return body;
	}

	/**
	 * One instance with its payloads, failure, history and timeline.
	 * @param instanceId the instance
	 * @return the detail, or null if there is no such instance
	 */
	Map<String, Object> detail(String instanceId) {
		WorkflowInstanceStatus s = this.client.getInstanceState(instanceId, true);
		if (s == null) {
			return null;
		}
		Map<String, Object> body = row(s);
		body.put("input", s.getSerializedInput());
		body.put("output", s.getSerializedOutput());
		body.put("customStatus", s.getSerializedCustomStatus());
		body.put("failure", failure(s.getFailureDetails()));
		var history = this.client.getInstanceHistory(instanceId);
		List<Map<String, Object>> events = new ArrayList<>();
		for (var event : history) {
			Map<String, Object> e = new LinkedHashMap<>();
			e.put("type", event.getClass().getSimpleName());
			e.put("timestamp", event.timestamp().toString());
			e.put("event", event);
			events.add(e);
		}
		body.put("history", events);
		List<Map<String, Object>> bars = new ArrayList<>();
		for (HistoryTimeline.Bar bar : HistoryTimeline.bars(history)) {
			Map<String, Object> b = new LinkedHashMap<>();
			b.put("kind", bar.kind());
			b.put("name", bar.name());
			b.put("start", bar.start().toString());
			b.put("end", bar.end() == null ? null : bar.end().toString());
			b.put("outcome", bar.outcome());
			b.put("instanceId", bar.instanceId());
			b.put("detail", bar.detail());
			bars.add(b);
		}
		body.put("timeline", bars);
		body.put("now", this.clock.instant().toString());
		return body;
	}

	private static Map<String, Object> failure(FailureDetails failure) {
		if (failure == null) {
			return null;
		}
		Map<String, Object> f = new LinkedHashMap<>();
		f.put("errorType", failure.getErrorType());
		f.put("errorMessage", failure.getErrorMessage());
		f.put("stackTrace", failure.getStackTrace());
		f.put("cause", failure(failure.getInnerFailure()));
		return f;
	}

	private static Map<String, Object> row(WorkflowInstanceStatus s) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("instanceId", s.getInstanceId());
		row.put("name", s.getName());
		row.put("status", s.getRuntimeStatus().name());
		row.put("createdAt", s.getCreatedAt().toString());
		row.put("lastUpdatedAt", s.getLastUpdatedAt().toString());
		return row;
	}

	private Scan scan(WorkflowQuery filter) {
		int max = this.properties.getMaxScan();
		List<WorkflowInstanceStatus> all = new ArrayList<>();
		WorkflowQuery query = new WorkflowQuery().setRuntimeStatusList(List.copyOf(filter.getRuntimeStatuses()))
			.setName(filter.getName())
			.setInstanceIdPrefix(filter.getInstanceIdPrefix())
			.setCreatedFrom(filter.getCreatedFrom())
			.setCreatedTo(filter.getCreatedTo())
			.setPageSize(1000);
		String token = null;
		do {
			WorkflowQueryResult page = this.client.listInstances(query.setContinuationToken(token));
			for (WorkflowInstanceStatus s : page.getWorkflowInstances()) {
				if (all.size() == max) {
					return new Scan(all, true);
				}
				all.add(s);
			}
			token = page.getContinuationToken();
		}
		while (token != null);
		return new Scan(all, false);
	}

	private record Scan(List<WorkflowInstanceStatus> instances, boolean partial) {
	}

}
