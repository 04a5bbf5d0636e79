package dev.workflow.history;

import java.time.Instant;

/**
 * The first event of a run: which workflow, with what input.
 *
 * @param timestamp when the instance was scheduled
 * @param name the workflow name
 * @param instanceId the instance id
 * @param executionId a fresh id per run (changes on continue-as-new)
 * @param input the JSON input, may be null
 * @param parent the parent, for a child workflow; null otherwise
 * @param scheduledStartTime when the run may start, or null for at once
 */
public record ExecutionStarted(Instant timestamp, String name, String instanceId, String executionId, String input,
		ParentInstance parent, Instant scheduledStartTime) implements HistoryEvent {

	/**
	 * The parent of a child workflow.
	 *
	 * @param instanceId the parent's instance id
	 * @param executionId the parent's execution id
	 * @param taskId the task id of the child call in the parent
	 * @param name the parent's workflow name; null in histories recorded before it was kept
	 */
	public record ParentInstance(String instanceId, String executionId, int taskId, String name) {

		/**
		 * A parent whose workflow name is not known.
		 * @param instanceId the parent's instance id
		 * @param executionId the parent's execution id
		 * @param taskId the task id of the child call in the parent
		 */
		public ParentInstance(String instanceId, String executionId, int taskId) {
			this(instanceId, executionId, taskId, null);
		}

	}

}
