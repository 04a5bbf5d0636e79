package dev.workflow.history;

import java.time.Instant;

/**
 * Recorded when a turn could not run the workflow code because the version the run started on is
 * not registered in the runtime that took the turn (a rollout, or a version removed too early).
 * The run waits with status {@link dev.workflow.WorkflowRuntimeStatus#STALLED STALLED} and goes on
 * when a runtime that has the version takes its next turn: on that runtime's start (see
 * {@link StallRetried}) or when the next event arrives. Replay ignores it.
 *
 * @param timestamp when the turn stalled
 * @param reason a short code, such as {@code VERSION_NOT_REGISTERED}
 * @param description what is missing and what the runtime has
 */
public record ExecutionStalled(Instant timestamp, String reason, String description) implements HistoryEvent {
}
