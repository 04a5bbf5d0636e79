package dev.workflow.backend;

import dev.workflow.NewWorkflowOptions.ReusePolicy;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * What a create does with an instance id, decided the same way by every backend from the status of
 * the instance that has the id (if any) and the caller's reuse policy. A backend locks or fences
 * the existing instance before deciding, so concurrent creates of one id get consistent answers.
 */
public enum InstanceReuse {

	/** No instance has the id: create one. */
	CREATE,

	/** The instance with the id is replaced: delete everything stored for it, then create. */
	REPLACE,

	/** The unfinished instance with the id is kept and nothing is created. */
	KEEP;

	/**
	 * Decides a client's create.
	 * @param instanceId the id to create
	 * @param existing the status of the instance with the id, or null if there is none
	 * @param policy what to do when that instance has not finished
	 * @return what to do
	 * @throws WorkflowInstanceExistsException for {@link ReusePolicy#ERROR} when the instance has not
	 * finished
	 */
	public static InstanceReuse decide(String instanceId, WorkflowRuntimeStatus existing, ReusePolicy policy) {
		if (existing == null) {
			return CREATE;
		}
		if (existing.isTerminal()) {
			// a finished instance is always replaced, whatever the policy
			return REPLACE;
		}
		return switch (policy) {
			case ERROR -> throw new WorkflowInstanceExistsException(instanceId);
			case IGNORE -> KEEP;
			case TERMINATE -> REPLACE;
		};
	}

	/**
	 * Decides the start of a child workflow ({@link OutboundMessage.StartChild}): a start delivered
	 * again, or addressed to an instance that runs, keeps the running one.
	 * @param existing the status of the instance with the child's id, or null if there is none
	 * @return what to do; never throws
	 */
	public static InstanceReuse forChildStart(WorkflowRuntimeStatus existing) {
		return decide(null, existing, ReusePolicy.IGNORE);
	}

	/**
	 * Whether the create goes ahead.
	 * @return true unless {@link #KEEP}
	 */
	public boolean creates() {
		return this != KEEP;
	}

}
