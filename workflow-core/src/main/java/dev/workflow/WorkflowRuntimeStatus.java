package dev.workflow;

/**
 * The runtime status of a workflow instance.
 */
public enum WorkflowRuntimeStatus {

	/** The instance has started and has not finished. */
	RUNNING,

	/** The instance finished and returned an output. */
	COMPLETED,

	/** The instance restarted itself with new input through {@link WorkflowContext#continueAsNew}. */
	CONTINUED_AS_NEW,

	/** The instance ended with an unhandled error; see {@link WorkflowInstanceStatus#getFailureDetails()}. */
	FAILED,

	/** The instance was canceled. */
	CANCELED,

	/** The instance was ended by {@link WorkflowClient#terminateWorkflow(String, Object)}. */
	TERMINATED,

	/** The instance was scheduled and has not started running yet. */
	PENDING,

	/** The instance was suspended and processes no events until it is resumed. */
	SUSPENDED,

	/**
	 * The instance cannot go on in the runtime that took its last turn: the workflow version it
	 * started on is not registered there. It waits, keeping its history, and goes on when a
	 * runtime that has that version takes its next turn (Dapr's and durabletask-go's STALLED).
	 */
	STALLED;

	/**
	 * Whether an instance in this status has finished for good.
	 * @return true for COMPLETED, FAILED, CANCELED and TERMINATED
	 */
	public boolean isTerminal() {
		return this == COMPLETED || this == FAILED || this == CANCELED || this == TERMINATED;
	}

}
