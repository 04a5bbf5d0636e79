package dev.workflow.history;

import java.time.Instant;

/**
 * The workflow started a child workflow.
 *
 * @param timestamp when
 * @param eventId the call's sequence number in the run
 * @param name the child workflow's name
 * @param instanceId the child's instance id
 * @param input the JSON input, may be null
 */
public record ChildWorkflowCreated(Instant timestamp, int eventId, String name, String instanceId, String input)
		implements HistoryEvent {
}
