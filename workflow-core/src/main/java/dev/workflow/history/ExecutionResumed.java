package dev.workflow.history;

import java.time.Instant;

/**
 * A request to resume a suspended instance.
 *
 * @param timestamp when
 * @param reason why, may be null
 */
public record ExecutionResumed(Instant timestamp, String reason) implements HistoryEvent {
}
