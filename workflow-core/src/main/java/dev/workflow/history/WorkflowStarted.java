package dev.workflow.history;

import java.time.Instant;

/**
 * Marks the start of one workflow turn; its timestamp is the workflow's current time for the turn.
 *
 * @param timestamp when the turn started
 */
public record WorkflowStarted(Instant timestamp) implements HistoryEvent {
}
