package dev.workflow.history;

import java.time.Instant;

/**
 * A request to suspend the instance: events are held until it is resumed.
 *
 * @param timestamp when
 * @param reason why, may be null
 */
public record ExecutionSuspended(Instant timestamp, String reason) implements HistoryEvent {
}
