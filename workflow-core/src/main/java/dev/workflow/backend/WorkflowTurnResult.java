package dev.workflow.backend;

import java.util.List;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Everything one workflow turn changes, committed by
 * {@link WorkflowBackend#completeWorkflowWorkItem} as one unit.
 *
 * @param started the run's start event (name, input, execution id)
 * @param historyToAppend events to append to the history (the work item's new events, the turn's
 * scheduling events, and the completion)
 * @param historyReset whether the history is replaced (continue-as-new) instead of appended to
 * @param status the instance's runtime status after the turn
 * @param output the JSON output, for a finished instance
 * @param customStatus the JSON custom status, may be null
 * @param failure the failure, for FAILED
 * @param activities activity calls to start
 * @param timers timers to start
 * @param messages events for other instances (children, parent) or for this instance's next run
 */
public record WorkflowTurnResult(ExecutionStarted started, List<HistoryEvent> historyToAppend, boolean historyReset,
		WorkflowRuntimeStatus status, String output, String customStatus, FailureDetails failure,
		List<ActivityRequest> activities, List<TimerRequest> timers, List<InstanceMessage> messages) {
}
