package dev.workflow.history;

import java.time.Instant;

import dev.workflow.FailureDetails;

/**
 * A child workflow failed or was terminated.
 *
 * @param timestamp when
 * @param taskScheduledId the call's sequence number
 * @param failure what went wrong
 */
public record ChildWorkflowFailed(Instant timestamp, int taskScheduledId, FailureDetails failure)
		implements HistoryEvent {
}
