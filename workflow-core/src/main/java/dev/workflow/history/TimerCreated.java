package dev.workflow.history;

import java.time.Instant;

/**
 * The workflow started a durable timer.
 *
 * @param timestamp when
 * @param eventId the timer's sequence number in the run
 * @param fireAt when it fires
 */
public record TimerCreated(Instant timestamp, int eventId, Instant fireAt) implements HistoryEvent {
}
