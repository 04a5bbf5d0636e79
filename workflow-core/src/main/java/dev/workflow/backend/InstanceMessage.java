package dev.workflow.backend;

import dev.workflow.history.HistoryEvent;

/**
 * An event for another instance (or this instance's next run), produced by a workflow turn: a child
 * start ({@link dev.workflow.history.ExecutionStarted}), a child's result for its parent, a
 * termination of a child, or the first events of a continued-as-new run.
 *
 * @param targetInstanceId the receiving instance
 * @param targetExecutionId the receiving run, or null for whatever run is current
 * @param event the event
 */
public record InstanceMessage(String targetInstanceId, String targetExecutionId, HistoryEvent event) {
}
