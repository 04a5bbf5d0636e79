package dev.workflow.grpc;

import java.util.List;

import dev.workflow.history.HistoryEvent;

/**
 * One workflow turn handed to a remote worker, in the engine's own history events; a flavour maps
 * it to its protocol's orchestrator request. Scheduling events in {@code pastEvents}
 * ({@link dev.workflow.history.TaskScheduled}, {@link dev.workflow.history.TimerCreated},
 * {@link dev.workflow.history.ChildWorkflowCreated}, {@link dev.workflow.history.EventSent}) carry
 * the action id the worker chose as their event id.
 *
 * @param instanceId the instance
 * @param executionId the current run's execution id
 * @param pastEvents the run's recorded history
 * @param newEvents what happened since: a {@link dev.workflow.history.WorkflowStarted} carrying the
 * turn's time first (the protocols' OrchestratorStarted), then the inbox in arrival order
 * @param completionToken identifies this delivery; a flavour sends it with the work item
 */
public record WorkflowTurn(String instanceId, String executionId, List<HistoryEvent> pastEvents,
		List<HistoryEvent> newEvents, String completionToken) {

	/**
	 * Copies the lists.
	 * @param instanceId the instance
	 * @param executionId the execution id
	 * @param pastEvents the recorded history
	 * @param newEvents the new events
	 * @param completionToken the delivery's token
	 */
	public WorkflowTurn {
		pastEvents = List.copyOf(pastEvents);
		newEvents = List.copyOf(newEvents);
	}

}
