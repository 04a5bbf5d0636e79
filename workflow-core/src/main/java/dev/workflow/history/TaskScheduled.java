package dev.workflow.history;

import java.time.Instant;

/**
 * The workflow called an activity.
 *
 * @param timestamp when
 * @param eventId the task's sequence number in the run
 * @param name the activity name
 * @param input the JSON input, may be null
 */
public record TaskScheduled(Instant timestamp, int eventId, String name, String input) implements HistoryEvent {
}
