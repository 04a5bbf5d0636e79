package dev.workflow.backend;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An activity call to run, produced by a workflow turn.
 *
 * @param instanceId the calling instance
 * @param executionId the calling run
 * @param taskId the call's sequence number in the run
 * @param name the activity name
 * @param input the JSON input, may be null
 * @param appId the app that runs the call, or null for any app that registered the activity
 * @param traceParent the W3C traceparent of the turn that scheduled the call, or null
 * @param traceState the W3C tracestate that goes with it, or null
 */
public record ActivityRequest(String instanceId, String executionId, int taskId, String name, String input,
		@JsonInclude(JsonInclude.Include.NON_NULL) String appId,
		@JsonInclude(JsonInclude.Include.NON_NULL) String traceParent,
		@JsonInclude(JsonInclude.Include.NON_NULL) String traceState) {

	/**
	 * A call with no stored trace context.
	 * @param instanceId the calling instance
	 * @param executionId the calling run
	 * @param taskId the call's sequence number in the run
	 * @param name the activity name
	 * @param input the JSON input, may be null
	 * @param appId the app that runs the call, or null for any app that registered the activity
	 */
	public ActivityRequest(String instanceId, String executionId, int taskId, String name, String input,
			String appId) {
		this(instanceId, executionId, taskId, name, input, appId, null, null);
	}

	/**
	 * A call for any app that registered the activity.
	 * @param instanceId the calling instance
	 * @param executionId the calling run
	 * @param taskId the call's sequence number in the run
	 * @param name the activity name
	 * @param input the JSON input, may be null
	 */
	public ActivityRequest(String instanceId, String executionId, int taskId, String name, String input) {
		this(instanceId, executionId, taskId, name, input, null);
	}

}
