package dev.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link RetryHandler} knows about a failed attempt. Every value comes from the workflow's
 * history, so it is the same on every replay.
 */
public final class RetryContext {

	private final WorkflowContext workflowContext;

	private final int lastAttemptNumber;

	private final FailureDetails lastFailure;

	private final Duration totalRetryTime;

	/**
	 * Describes a failed attempt (created by the engine; public for tests of handlers).
	 * @param workflowContext the calling workflow's context
	 * @param lastAttemptNumber the number of the attempt that failed, starting at 1
	 * @param lastFailure what went wrong in that attempt
	 * @param totalRetryTime the workflow time since the first attempt was scheduled
	 */
	public RetryContext(WorkflowContext workflowContext, int lastAttemptNumber, FailureDetails lastFailure,
			Duration totalRetryTime) {
		this.workflowContext = Objects.requireNonNull(workflowContext, "workflowContext");
		this.lastAttemptNumber = lastAttemptNumber;
		this.lastFailure = lastFailure;
		this.totalRetryTime = Objects.requireNonNull(totalRetryTime, "totalRetryTime");
	}

	/**
	 * The calling workflow's context, for durable timers and the current time.
	 * @return the context
	 */
	public WorkflowContext getWorkflowContext() {
		return this.workflowContext;
	}

	/**
	 * The number of the attempt that failed: 1 after the first attempt.
	 * @return the attempt number
	 */
	public int getLastAttemptNumber() {
		return this.lastAttemptNumber;
	}

	/**
	 * What went wrong in the attempt that failed.
	 * @return the failure details
	 */
	public FailureDetails getLastFailure() {
		return this.lastFailure;
	}

	/**
	 * The workflow time from the scheduling of the first attempt to now.
	 * @return the elapsed time
	 */
	public Duration getTotalRetryTime() {
		return this.totalRetryTime;
	}

}
