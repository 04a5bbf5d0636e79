package dev.workflow.operations;

import dev.workflow.ScheduleOverlapPolicy;

/**
 * The input of the activity that starts one run of a schedule.
 *
 * @param workflowName the workflow to start
 * @param inputJson its input as JSON text, or null
 * @param instanceId the run's deterministic instance id
 * @param scheduleId the schedule, whose unfinished runs the overlap policy looks for
 * @param overlap the overlap policy ({@code ALLOW} starts regardless of the previous run)
 */
record StartRequest(String workflowName, String inputJson, String instanceId, String scheduleId,
		ScheduleOverlapPolicy overlap) {

	/** What the activity did. */
	enum Outcome {

		/** It started the run. */
		STARTED,

		/** The run existed already (an earlier attempt of the activity, or another replica, started it). */
		EXISTS,

		/** The previous run still runs and the overlap policy forbids another. */
		BUSY

	}

}
