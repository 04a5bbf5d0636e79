package dev.workflow.backend.actors;

import dev.workflow.backend.ActivityRequest;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * What a reminder delivers: an event to a workflow instance, a new instance (child workflow), or
 * an activity call.
 *
 * @param targetInstanceId the receiving instance (events, creations)
 * @param targetExecutionId the receiving run, or null for the current one
 * @param event the event to add to the instance's inbox, or null
 * @param create the first event of an instance to create, or null
 * @param activity the activity call to start, or null
 */
record ReminderMessage(String targetInstanceId, String targetExecutionId, HistoryEvent event, ExecutionStarted create,
		ActivityRequest activity) {

	static ReminderMessage event(String instanceId, String executionId, HistoryEvent event) {
		return new ReminderMessage(instanceId, executionId, event, null, null);
	}

	static ReminderMessage create(ExecutionStarted started) {
		return new ReminderMessage(started.instanceId(), null, null, started, null);
	}

	static ReminderMessage activity(ActivityRequest request) {
		return new ReminderMessage(request.instanceId(), request.executionId(), null, null, request);
	}

}
