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
 */
public record WorkflowWorkItem(String instanceId, List<HistoryEvent> history, List<HistoryEvent> newEvents,
		String lockToken, int attempt, Instant lockedUntil) {
}
