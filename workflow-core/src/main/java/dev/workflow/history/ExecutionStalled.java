package dev.workflow.history;

import java.time.Instant;

/**
 * Recorded when a turn could not run the workflow code: the version the run started on is not
 * registered in the runtime that took the turn, or the history recorded a patch that runtime's code
 * never asks about (a rollout, or a version removed too early). The run waits with status
 * {@link dev.workflow.WorkflowRuntimeStatus#STALLED STALLED} and goes on when a runtime that has
 * the code takes its next turn: on its next event or a {@link StallRetried}. Replay ignores it.
 *
 * @param timestamp when the turn stalled
 * @param reason {@code VERSION_NOT_REGISTERED} or {@code PATCH_MISMATCH}
 * @param description what is missing and what the runtime has
 */
public record ExecutionStalled(Instant timestamp, String reason, String description) implements HistoryEvent {
}
