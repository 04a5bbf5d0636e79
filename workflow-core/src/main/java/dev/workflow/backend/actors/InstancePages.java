package dev.workflow.backend.actors;

import java.time.Instant;
import java.util.List;

import dev.workflow.WorkflowQuery;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;

/**
 * Filtering and keyset paging of instance listings held in memory. The continuation token is the
 * last row's creation time and id, so pages stay stable while instances are added.
 */
final class InstancePages {

	private InstancePages() {
	}

	static boolean matches(InstanceMetadata m, WorkflowQuery q) {
		return (q.getRuntimeStatuses().isEmpty() || q.getRuntimeStatuses().contains(m.status()))
				&& (q.getName() == null || q.getName().equals(m.name()))
				&& (q.getCreatedFrom() == null || !m.createdAt().isBefore(q.getCreatedFrom()))
				&& (q.getCreatedTo() == null || m.createdAt().isBefore(q.getCreatedTo()));
	}

	/** Takes one page from a list sorted by creation time then id. */
	static InstancePage page(List<InstanceMetadata> sorted, WorkflowQuery q) {
		int from = 0;
		if (q.getContinuationToken() != null) {
			String[] parts = q.getContinuationToken().split("\\|", 2);
			if (parts.length != 2) {
				throw new IllegalArgumentException("Invalid continuation token '" + q.getContinuationToken()
						+ "'; pass back the token a previous page returned");
			}
			Instant at;
			try {
				at = Instant.parse(parts[0]);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("Invalid continuation token '" + q.getContinuationToken()
						+ "'; pass back the token a previous page returned", ex);
			}
			while (from < sorted.size() && !after(sorted.get(from), at, parts[1])) {
				from++;
			}
		}
		int to = Math.min(sorted.size(), from + q.getPageSize());
		List<InstanceMetadata> page = List.copyOf(sorted.subList(from, to));
		String token = null;
		if (to < sorted.size() && !page.isEmpty()) {
			InstanceMetadata last = page.get(page.size() - 1);
			token = last.createdAt() + "|" + last.instanceId();
		}
		return new InstancePage(page, token);
	}

	private static boolean after(InstanceMetadata m, Instant at, String id) {
		int c = m.createdAt().compareTo(at);
		return c > 0 || (c == 0 && m.instanceId().compareTo(id) > 0);
	}

}
