package dev.workflow.history;

import java.time.Instant;

/**
 * The workflow sent an event to another instance ({@code WorkflowContext.sendEvent}). Recorded so
 * that a replay matches the call instead of sending the event again.
 *
 * @param timestamp when
 * @param eventId the action's sequence number in the run
 * @param instanceId the receiving instance
 * @param name the event name
 * @param input the JSON payload, may be null
 */
public record EventSent(Instant timestamp, int eventId, String instanceId, String name, String input)
		implements HistoryEvent {
}
