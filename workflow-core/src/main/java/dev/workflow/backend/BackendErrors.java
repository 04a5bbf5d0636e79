package dev.workflow.backend;

import dev.workflow.WorkflowRuntimeStatus;

/**
 * The exceptions backends throw for the same conditions, with one wording, so that users see the
 * same message whichever backend runs. (A missing instance is
 * {@link dev.workflow.WorkflowInstanceNotFoundException}, whose message is fixed by its type.)
 */
public final class BackendErrors {

	private BackendErrors() {
	}

	/**
	 * A workflow turn's commit, or a renewal, came from a lease that is gone.
	 * @param instanceId the instance
	 * @return the exception to throw
	 */
	public static WorkItemLockLostException workflowLeaseLost(String instanceId) {
		return new WorkItemLockLostException("The lease on workflow instance '" + instanceId
				+ "' expired or moved to another worker; this turn's result was not committed");
	}

	/**
	 * An activity's result, or a renewal, came from a lease that is gone.
	 * @param request the activity call
	 * @return the exception to throw
	 */
	public static WorkItemLockLostException activityLeaseLost(ActivityRequest request) {
		return new WorkItemLockLostException("The lease on activity '" + request.name() + "' #" + request.taskId()
				+ " of instance '" + request.instanceId()
				+ "' expired or moved to another worker; its result was not committed");
	}

	/**
	 * A purge of an instance that has not finished.
	 * @param instanceId the instance
	 * @param status its status
	 * @return the exception to throw
	 */
	public static IllegalStateException purgeOfUnfinished(String instanceId, WorkflowRuntimeStatus status) {
		return new IllegalStateException("Workflow instance '" + instanceId + "' is " + status
				+ "; only a finished instance can be purged (terminate it first)");
	}

}
