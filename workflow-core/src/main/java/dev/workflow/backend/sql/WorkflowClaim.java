package dev.workflow.backend.sql;

import java.util.List;

import dev.workflow.backend.WorkItemClaim;

/**
 * What the SQL backend needs to commit a workflow turn, carried in its work item: exactly the
 * inbox rows the turn was handed (events that arrive during the turn stay for the next one).
 *
 * @param instanceId the claimed instance
 * @param inboxIds the ids of the inbox rows the turn consumes
 */
record WorkflowClaim(String instanceId, List<Long> inboxIds) implements WorkItemClaim {

	WorkflowClaim {
		inboxIds = List.copyOf(inboxIds);
	}

}
