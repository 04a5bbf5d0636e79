package dev.workflow.history;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The workflow started a child workflow.
 *
 * @param timestamp when
 * @param eventId the call's sequence number in the run
 * @param name the child workflow's name
 * @param instanceId the child's instance id
 * @param input the JSON input, may be null
 * @param appId the app the child runs on, or null for any app that registered the workflow
 */
public record ChildWorkflowCreated(Instant timestamp, int eventId, String name, String instanceId, String input,
		@JsonInclude(JsonInclude.Include.NON_NULL) String appId) implements HistoryEvent {

	/**
	 * A child for any app that registered the workflow.
	 * @param timestamp when
	 * @param eventId the call's sequence number in the run
	 * @param name the child workflow's name
	 * @param instanceId the child's instance id
	 * @param input the JSON input, may be null
	 */
	public ChildWorkflowCreated(Instant timestamp, int eventId, String name, String instanceId, String input) {
		this(timestamp, eventId, name, instanceId, input, null);
	}

}
