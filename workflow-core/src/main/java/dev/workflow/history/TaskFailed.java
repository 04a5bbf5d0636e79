package dev.workflow.history;

import java.time.Instant;

import dev.workflow.FailureDetails;

/**
 * An activity threw.
 *
 * @param timestamp when
 * @param taskScheduledId the task's sequence number
 * @param failure what went wrong
 */
public record TaskFailed(Instant timestamp, int taskScheduledId, FailureDetails failure) implements HistoryEvent {
}
