package dev.workflow.history;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param appId the app that runs the instance, or null for any app that registered the workflow
 * (absent from histories recorded before multi-app support)
 * @param version the workflow version the client asked for, or null for the latest registered
 * @param traceParent the W3C traceparent of the code that scheduled the run (a child's and a next
 * run's are their parent's), or null; absent from histories recorded before trace propagation
 * @param traceState the W3C tracestate that goes with it, or null
 */
public record ExecutionStarted(Instant timestamp, String name, String instanceId, String executionId, String input,
		ParentInstance parent, Instant scheduledStartTime,
		@JsonInclude(JsonInclude.Include.NON_NULL) String appId,
		@JsonInclude(JsonInclude.Include.NON_NULL) String version,
		@JsonInclude(JsonInclude.Include.NON_NULL) String traceParent,
		@JsonInclude(JsonInclude.Include.NON_NULL) String traceState) implements HistoryEvent {

	/**
	 * The first event of a run with no stored trace context.
	 * @param timestamp when the instance was scheduled
	 * @param name the workflow name
	 * @param instanceId the instance id
	 * @param executionId a fresh id per run
	 * @param input the JSON input, may be null
	 * @param parent the parent, for a child workflow; null otherwise
	 * @param scheduledStartTime when the run may start, or null for at once
	 * @param appId the app that runs the instance, or null for any app that registered the workflow
	 * @param version the workflow version the client asked for, or null for the latest registered
	 */
	public ExecutionStarted(Instant timestamp, String name, String instanceId, String executionId, String input,
			ParentInstance parent, Instant scheduledStartTime, String appId, String version) {
		this(timestamp, name, instanceId, executionId, input, parent, scheduledStartTime, appId, version, null, null);
	}

	/**
	 * This event with a trace context.
	 * @param traceParent the W3C traceparent, or null
	 * @param traceState the W3C tracestate, or null
	 * @return a copy carrying them
	 */
	public ExecutionStarted withTrace(String traceParent, String traceState) {
		return new ExecutionStarted(this.timestamp, this.name, this.instanceId, this.executionId, this.input,
				this.parent, this.scheduledStartTime, this.appId, this.version, traceParent, traceState);
	}

	/**
	 * The first event of a run on the latest version.
	 * @param timestamp when the instance was scheduled
	 * @param name the workflow name
	 * @param instanceId the instance id
	 * @param executionId a fresh id per run
	 * @param input the JSON input, may be null
	 * @param parent the parent, for a child workflow; null otherwise
	 * @param scheduledStartTime when the run may start, or null for at once
	 * @param appId the app that runs the instance, or null for any app that registered the workflow
	 */
	public ExecutionStarted(Instant timestamp, String name, String instanceId, String executionId, String input,
			ParentInstance parent, Instant scheduledStartTime, String appId) {
		this(timestamp, name, instanceId, executionId, input, parent, scheduledStartTime, appId, null);
	}

	/**
	 * The first event of a run for any app that registered the workflow.
	 * @param timestamp when the instance was scheduled
	 * @param name the workflow name
	 * @param instanceId the instance id
	 * @param executionId a fresh id per run
	 * @param input the JSON input, may be null
	 * @param parent the parent, for a child workflow; null otherwise
	 * @param scheduledStartTime when the run may start, or null for at once
	 */
	public ExecutionStarted(Instant timestamp, String name, String instanceId, String executionId, String input,
			ParentInstance parent, Instant scheduledStartTime) {
		this(timestamp, name, instanceId, executionId, input, parent, scheduledStartTime, null);
	}

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
