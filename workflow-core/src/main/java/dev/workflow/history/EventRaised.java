package dev.workflow.history;

import java.time.Instant;

/**
 * An external event was raised to the instance.
 *
 * @param timestamp when
 * @param name the event name
 * @param input the JSON payload, may be null
 */
public record EventRaised(Instant timestamp, String name, String input) implements HistoryEvent {
}
