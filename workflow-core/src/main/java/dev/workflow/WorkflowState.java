package dev.workflow;

/**
 * A snapshot of a workflow instance's state under the name Dapr's Java SDK uses since it aligned
 * with the other SDKs ({@code getWorkflowState}, {@code waitForWorkflowStart},
 * {@code waitForWorkflowCompletion}); the same data as {@link WorkflowInstanceStatus}, with the
 * instance id also readable as {@link #getWorkflowId()}.
 */
public interface WorkflowState extends WorkflowInstanceStatus {

	/**
	 * The instance id, as Dapr's {@code WorkflowState} names it.
	 * @return the id, the same as {@link #getInstanceId()}
	 */
	default String getWorkflowId() {
		return getInstanceId();
	}

	/**
	 * The status as a {@code WorkflowState}: itself if it is one, else a view of it.
	 * @param status a status, or null
	 * @return the state, or null for null
	 */
	static WorkflowState of(WorkflowInstanceStatus status) {
		if (status == null || status instanceof WorkflowState) {
			return (WorkflowState) status;
		}
		return new WorkflowStateView(status);
	}

}
