package dev.workflow.history;

import java.time.Instant;

/**
 * A child workflow completed.
 *
 * @param timestamp when
 * @param taskScheduledId the call's sequence number
 * @param result the child's JSON output, may be null
 */
public record ChildWorkflowCompleted(Instant timestamp, int taskScheduledId, String result) implements HistoryEvent {
}
