package dev.workflow.backend.actors;

import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.OutboundMessage;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * What a reminder delivers: an event to a workflow instance, a new instance (child workflow), an
 * activity call, or a request to reload an instance another process changed in the store.
 *
 * @param targetInstanceId the receiving instance (events, creations)
 * @param targetExecutionId the receiving run, or null for the current one
 * @param event the event to add to the instance's inbox, or null
 * @param create the first event of an instance to create, or null
 * @param activity the activity call to start, or null
 * @param reload whether the owner drops what it cached of the instance and reloads it
 */
record ReminderMessage(String targetInstanceId, String targetExecutionId, HistoryEvent event, ExecutionStarted create,
		ActivityRequest activity, boolean reload) {

	static ReminderMessage event(String instanceId, String executionId, HistoryEvent event) {
		return new ReminderMessage(instanceId, executionId, event, null, null, false);
	}

	static ReminderMessage create(ExecutionStarted started) {
		return new ReminderMessage(started.instanceId(), null, null, started, null, false);
	}

	/** The message that delivers a turn's outbound message to its target, per its type. */
	static ReminderMessage of(OutboundMessage message) {
		if (message instanceof OutboundMessage.StartChild start) {
			return create(start.started());
		}
		if (message instanceof OutboundMessage.SendEvent send) {
			return event(send.targetInstanceId(), send.targetExecutionId(), send.event());
		}
		OutboundMessage.TerminateChild terminate = (OutboundMessage.TerminateChild) message;
		return event(terminate.targetInstanceId(), null, terminate.event());
	}

	static ReminderMessage activity(ActivityRequest request) {
		return new ReminderMessage(request.instanceId(), request.executionId(), null, null, request, false);
	}

	static ReminderMessage reload(String instanceId) {
		return new ReminderMessage(instanceId, null, null, null, null, true);
	}

}
