package dev.workflow.backend.actors;

import java.util.List;

import dev.workflow.WorkflowQuery;
import dev.workflow.backend.ContinuationToken;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;

/**
 * Filtering and keyset paging of instance listings held in memory. The continuation token is a
 * {@link ContinuationToken}.
 */
final class InstancePages {

	private InstancePages() {
	}

	static boolean matches(InstanceMetadata m, WorkflowQuery q) {
		return (q.getRuntimeStatuses().isEmpty() || q.getRuntimeStatuses().contains(m.status()))
				&& (q.getName() == null || q.getName().equals(m.name()))
				&& (q.getInstanceIdPrefix() == null || m.instanceId().startsWith(q.getInstanceIdPrefix()))
				&& (q.getCreatedFrom() == null || !m.createdAt().isBefore(q.getCreatedFrom()))
				&& (q.getCreatedTo() == null || m.createdAt().isBefore(q.getCreatedTo()));
	}

	/** Takes one page from a list sorted by creation time then id. */
	static InstancePage page(List<InstanceMetadata> sorted, WorkflowQuery q) {
		int from = 0;
		if (q.getContinuationToken() != null) {
			ContinuationToken after = ContinuationToken.parse(q.getContinuationToken());
			while (from < sorted.size() && !after.precedes(sorted.get(from))) {
				from++;
			}
		}
		int to = Math.min(sorted.size(), from + q.getPageSize());
		List<InstanceMetadata> page = List.copyOf(sorted.subList(from, to));
		String token = null;
		if (to < sorted.size() && !page.isEmpty()) {
			InstanceMetadata last = page.get(page.size() - 1);
			token = ContinuationToken.after(last).toString();
		}
		return new InstancePage(page, token);
	}

}
