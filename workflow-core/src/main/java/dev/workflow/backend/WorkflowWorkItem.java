package dev.workflow.backend;

import java.time.Instant;
import java.util.List;

import dev.workflow.history.HistoryEvent;

/**
 * A workflow instance leased to one worker for one turn: its recorded history and the events that
 * arrived since. Only the holder of the lease may complete it.
 *
 * @param instanceId the instance
 * @param history the recorded history of the current run
 * @param newEvents the new events to process, in arrival order
 * @param lockToken identifies this lease; a completion with a stale token is rejected
 * @param attempt how many times these events have been handed out, starting at 1
 * @param lockedUntil when the lease expires unless renewed
 * @param claim the backend's own data for completing this item, opaque to everyone else; may be
 * {@code null}
 */
public record WorkflowWorkItem(String instanceId, List<HistoryEvent> history, List<HistoryEvent> newEvents,
		String lockToken, int attempt, Instant lockedUntil, WorkItemClaim claim) {

	/**
	 * A work item of a backend that needs nothing but the lock token to complete it.
	 * @param instanceId the instance
	 * @param history the recorded history of the current run
	 * @param newEvents the new events to process, in arrival order
	 * @param lockToken identifies this lease
	 * @param attempt how many times these events have been handed out, starting at 1
	 * @param lockedUntil when the lease expires unless renewed
	 */
	public WorkflowWorkItem(String instanceId, List<HistoryEvent> history, List<HistoryEvent> newEvents,
			String lockToken, int attempt, Instant lockedUntil) {
		this(instanceId, history, newEvents, lockToken, attempt, lockedUntil, null);
	}

}
