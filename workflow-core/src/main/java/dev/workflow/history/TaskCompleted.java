package dev.workflow.history;

import java.time.Instant;

/**
 * An activity returned.
 *
 * @param timestamp when
 * @param taskScheduledId the task's sequence number
 * @param result the JSON result, may be null
 */
public record TaskCompleted(Instant timestamp, int taskScheduledId, String result) implements HistoryEvent {
}
