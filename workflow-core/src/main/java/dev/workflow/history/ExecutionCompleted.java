package dev.workflow.history;

import java.time.Instant;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * The run finished: completed, failed, terminated or continued as new.
 *
 * @param timestamp when
 * @param status the final status of the run
 * @param output the JSON output, may be null
 * @param failure the failure, for FAILED
 */
public record ExecutionCompleted(Instant timestamp, WorkflowRuntimeStatus status, String output,
		FailureDetails failure) implements HistoryEvent {
}
