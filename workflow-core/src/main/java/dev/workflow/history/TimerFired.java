package dev.workflow.history;

import java.time.Instant;

/**
 * A durable timer fired.
 *
 * @param timestamp when it was delivered
 * @param timerId the timer's sequence number
 * @param fireAt when it was due
 */
public record TimerFired(Instant timestamp, int timerId, Instant fireAt) implements HistoryEvent {
}
