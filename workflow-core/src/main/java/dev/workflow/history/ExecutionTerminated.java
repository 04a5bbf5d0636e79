package dev.workflow.history;

import java.time.Instant;

/**
 * A request to terminate the instance (and its running children).
 *
 * @param timestamp when it was requested
 * @param output the JSON output to record, may be null
 */
public record ExecutionTerminated(Instant timestamp, String output) implements HistoryEvent {
}
