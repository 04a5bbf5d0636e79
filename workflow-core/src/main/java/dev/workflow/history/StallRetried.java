package dev.workflow.history;

import java.time.Instant;

/**
 * Asks a stalled run ({@link ExecutionStalled}) to try its turn again; a runtime sends it to every
 * STALLED instance when it starts, since it may have brought the missing version. It carries
 * nothing, and replay ignores it.
 *
 * @param timestamp when the retry was requested
 */
public record StallRetried(Instant timestamp) implements HistoryEvent {
}
