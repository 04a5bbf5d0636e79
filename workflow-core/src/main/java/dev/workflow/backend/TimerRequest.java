package dev.workflow.backend;

import java.time.Instant;

import dev.workflow.history.HistoryEvent;

/**
 * An event to deliver to an instance at a future time (a durable timer), produced by a workflow turn.
 *
 * @param instanceId the instance
 * @param executionId the run the timer belongs to
 * @param fireAt when the event becomes visible
 * @param event the event (a {@link dev.workflow.history.TimerFired})
 */
public record TimerRequest(String instanceId, String executionId, Instant fireAt, HistoryEvent event) {
}
