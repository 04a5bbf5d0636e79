package dev.workflow.backend.actors;

/**
 * Which actor a handed-out work item belongs to: a workflow instance or an activity call. At most
 * one work item per actor is out at a time, so the key names its lease.
 *
 * @param actorType {@link WorkflowActor#TYPE} or {@link ActivityActor#TYPE}
 * @param actorId the actor's id
 */
record LeaseKey(String actorType, String actorId) {

	boolean isWorkflow() {
		return WorkflowActor.TYPE.equals(this.actorType);
	}

}
