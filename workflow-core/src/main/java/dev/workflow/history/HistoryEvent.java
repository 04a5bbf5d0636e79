package dev.workflow.history;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entry of a workflow instance's event history. Histories are append-only; replaying them in
 * order rebuilds the workflow's state. Stored as JSON with an explicit {@code "type"} name per
 * record (no class names, no default typing).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = WorkflowStarted.class, name = "WorkflowStarted"),
		@JsonSubTypes.Type(value = ExecutionStarted.class, name = "ExecutionStarted"),
		@JsonSubTypes.Type(value = ExecutionCompleted.class, name = "ExecutionCompleted"),
		@JsonSubTypes.Type(value = ExecutionTerminated.class, name = "ExecutionTerminated"),
		@JsonSubTypes.Type(value = ExecutionSuspended.class, name = "ExecutionSuspended"),
		@JsonSubTypes.Type(value = ExecutionResumed.class, name = "ExecutionResumed"),
		@JsonSubTypes.Type(value = TaskScheduled.class, name = "TaskScheduled"),
		@JsonSubTypes.Type(value = TaskCompleted.class, name = "TaskCompleted"),
		@JsonSubTypes.Type(value = TaskFailed.class, name = "TaskFailed"),
		@JsonSubTypes.Type(value = TimerCreated.class, name = "TimerCreated"),
		@JsonSubTypes.Type(value = TimerFired.class, name = "TimerFired"),
		@JsonSubTypes.Type(value = ChildWorkflowCreated.class, name = "ChildWorkflowCreated"),
		@JsonSubTypes.Type(value = ChildWorkflowCompleted.class, name = "ChildWorkflowCompleted"),
		@JsonSubTypes.Type(value = ChildWorkflowFailed.class, name = "ChildWorkflowFailed"),
		@JsonSubTypes.Type(value = EventRaised.class, name = "EventRaised"),
		@JsonSubTypes.Type(value = ExecutionStalled.class, name = "ExecutionStalled"),
		@JsonSubTypes.Type(value = StallRetried.class, name = "StallRetried"),
		@JsonSubTypes.Type(value = EventSent.class, name = "EventSent") })
public sealed interface HistoryEvent permits WorkflowStarted, ExecutionStarted, ExecutionCompleted,
		ExecutionTerminated, ExecutionSuspended, ExecutionResumed, TaskScheduled, TaskCompleted, TaskFailed,
		TimerCreated, TimerFired, ChildWorkflowCreated, ChildWorkflowCompleted, ChildWorkflowFailed, EventRaised,
		ExecutionStalled, StallRetried, EventSent {

	/**
	 * When the event was recorded.
	 * @return the timestamp
	 */
	Instant timestamp();

}
