package dev.workflow.history;

import java.time.Instant;

/**
 * Asks a stalled run ({@link ExecutionStalled}) to try its turn again; a runtime sends it to every
 * STALLED instance of its workflows when it starts (it may have brought the missing version) and
 * every minute while it runs. It carries nothing, and replay ignores it; a retry that stalls again
 * is not recorded.
 *
 * @param timestamp when the retry was requested
 */
public record StallRetried(Instant timestamp) implements HistoryEvent {
}
