package dev.workflow.grpc.dapr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.grpc.OrchestrationStatuses;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.EventRaisedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.EventSentEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ExecutionCompletedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ExecutionResumedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ExecutionStartedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ExecutionSuspendedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ExecutionTerminatedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.OrchestrationInstance;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.OrchestrationStatus;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.OrchestratorStartedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ParentInstanceInfo;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.SubOrchestrationInstanceCompletedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.SubOrchestrationInstanceCreatedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.SubOrchestrationInstanceFailedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TaskCompletedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TaskFailedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TaskFailureDetails;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TaskScheduledEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TimerCreatedEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TimerFiredEvent;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.EventRaised;
import dev.workflow.history.EventSent;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;
import dev.workflow.history.WorkflowStarted;

/**
 * Maps the engine's history events to the Dapr protocol's and back. A scheduling event carries its
 * action id as the protocol event id (what the SDK's replay matches its actions against); every
 * other event has id -1, as the Dapr sidecar sends them. Events of our own with no protocol
 * counterpart (a stall marker) are left out: SDK replay does not need them.
 */
final class DaprHistory {

	private static final int NO_ID = -1;

	private DaprHistory() {
	}

	static List<dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.HistoryEvent> toProto(
			List<HistoryEvent> events) {
		List<dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.HistoryEvent> out = new ArrayList<>(events.size());
		for (HistoryEvent e : events) {
			dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.HistoryEvent p = toProto(e);
			if (p != null) {
				out.add(p);
			}
		}
		return out;
	}

	/** One event, or null for an event the protocol has no counterpart for. */
	static dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.HistoryEvent toProto(HistoryEvent e) {
		var b = dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.HistoryEvent.newBuilder()
			.setEventId(NO_ID)
			.setTimestamp(timestamp(e.timestamp()));
		if (e instanceof WorkflowStarted) {
			b.setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance());
		}
		else if (e instanceof ExecutionStarted s) {
			b.setExecutionStarted(executionStarted(s));
		}
		else if (e instanceof ExecutionCompleted c) {
			ExecutionCompletedEvent.Builder cb = ExecutionCompletedEvent.newBuilder()
				.setOrchestrationStatus(status(c.status()));
			optional(c.output(), cb::setResult);
			if (c.failure() != null) {
				cb.setFailureDetails(failure(c.failure()));
			}
			b.setExecutionCompleted(cb);
		}
		else if (e instanceof ExecutionTerminated t) {
			ExecutionTerminatedEvent.Builder tb = ExecutionTerminatedEvent.newBuilder().setRecurse(true);
			optional(t.output(), tb::setInput);
			b.setExecutionTerminated(tb);
		}
		else if (e instanceof ExecutionSuspended s) {
			ExecutionSuspendedEvent.Builder sb = ExecutionSuspendedEvent.newBuilder();
			optional(s.reason(), sb::setInput);
			b.setExecutionSuspended(sb);
		}
		else if (e instanceof ExecutionResumed r) {
			ExecutionResumedEvent.Builder rb = ExecutionResumedEvent.newBuilder();
			optional(r.reason(), rb::setInput);
			b.setExecutionResumed(rb);
		}
		else if (e instanceof TaskScheduled t) {
			TaskScheduledEvent.Builder tb = TaskScheduledEvent.newBuilder().setName(t.name());
			optional(t.input(), tb::setInput);
			b.setEventId(t.eventId()).setTaskScheduled(tb);
		}
		else if (e instanceof TaskCompleted t) {
			TaskCompletedEvent.Builder tb = TaskCompletedEvent.newBuilder().setTaskScheduledId(t.taskScheduledId());
			optional(t.result(), tb::setResult);
			b.setTaskCompleted(tb);
		}
		else if (e instanceof TaskFailed t) {
			b.setTaskFailed(TaskFailedEvent.newBuilder()
				.setTaskScheduledId(t.taskScheduledId())
				.setFailureDetails(failure(t.failure())));
		}
		else if (e instanceof TimerCreated t) {
			b.setEventId(t.eventId()).setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(timestamp(t.fireAt())));
		}
		else if (e instanceof TimerFired t) {
			b.setTimerFired(TimerFiredEvent.newBuilder().setTimerId(t.timerId()).setFireAt(timestamp(t.fireAt())));
		}
		else if (e instanceof ChildWorkflowCreated c) {
			SubOrchestrationInstanceCreatedEvent.Builder cb = SubOrchestrationInstanceCreatedEvent.newBuilder()
				.setInstanceId(c.instanceId())
				.setName(c.name());
			optional(c.input(), cb::setInput);
			b.setEventId(c.eventId()).setSubOrchestrationInstanceCreated(cb);
		}
		else if (e instanceof ChildWorkflowCompleted c) {
			SubOrchestrationInstanceCompletedEvent.Builder cb = SubOrchestrationInstanceCompletedEvent.newBuilder()
				.setTaskScheduledId(c.taskScheduledId());
			optional(c.result(), cb::setResult);
			b.setSubOrchestrationInstanceCompleted(cb);
		}
		else if (e instanceof ChildWorkflowFailed f) {
			b.setSubOrchestrationInstanceFailed(SubOrchestrationInstanceFailedEvent.newBuilder()
				.setTaskScheduledId(f.taskScheduledId())
				.setFailureDetails(failure(f.failure())));
		}
		else if (e instanceof EventRaised r) {
			EventRaisedEvent.Builder rb = EventRaisedEvent.newBuilder().setName(r.name());
			optional(r.input(), rb::setInput);
			b.setEventRaised(rb);
		}
		else if (e instanceof EventSent s) {
			EventSentEvent.Builder sb = EventSentEvent.newBuilder().setInstanceId(s.instanceId()).setName(s.name());
			optional(s.input(), sb::setInput);
			b.setEventId(s.eventId()).setEventSent(sb);
		}
		else {
			return null;
		}
		return b.build();
	}

	private static ExecutionStartedEvent executionStarted(ExecutionStarted s) {
		ExecutionStartedEvent.Builder b = ExecutionStartedEvent.newBuilder()
			.setName(s.name())
			.setOrchestrationInstance(instance(s.instanceId(), s.executionId()));
		optional(s.input(), b::setInput);
		optional(s.version(), b::setVersion);
		if (s.scheduledStartTime() != null) {
			b.setScheduledStartTimestamp(timestamp(s.scheduledStartTime()));
		}
		ExecutionStarted.ParentInstance parent = s.parent();
		if (parent != null) {
			ParentInstanceInfo.Builder pb = ParentInstanceInfo.newBuilder()
				.setTaskScheduledId(parent.taskId())
				.setOrchestrationInstance(instance(parent.instanceId(), parent.executionId()));
			optional(parent.name(), pb::setName);
			b.setParentInstance(pb);
		}
		return b.build();
	}

	/**
	 * An event a worker carries into the next run (continue-as-new keeping unprocessed events):
	 * raised events, the only kind the SDKs carry over.
	 */
	static HistoryEvent fromProto(dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.HistoryEvent p) {
		Instant at = p.hasTimestamp() ? instant(p.getTimestamp()) : Instant.now();
		if (p.hasEventRaised()) {
			EventRaisedEvent r = p.getEventRaised();
			return new EventRaised(at, r.getName(), r.hasInput() ? r.getInput().getValue() : null);
		}
		throw new IllegalArgumentException("Only raised events can be carried over to the next run, not "
				+ p.getEventTypeCase());
	}

	static OrchestrationInstance instance(String instanceId, String executionId) {
		OrchestrationInstance.Builder b = OrchestrationInstance.newBuilder().setInstanceId(instanceId);
		optional(executionId, b::setExecutionId);
		return b.build();
	}

	static TaskFailureDetails failure(FailureDetails f) {
		TaskFailureDetails.Builder b = TaskFailureDetails.newBuilder()
			.setErrorType(f.getErrorType())
			.setErrorMessage(f.getErrorMessage() == null ? "" : f.getErrorMessage())
			.setIsNonRetriable(f.isNonRetriable());
		optional(f.getStackTrace(), b::setStackTrace);
		if (f.getInnerFailure() != null) {
			b.setInnerFailure(failure(f.getInnerFailure()));
		}
		return b.build();
	}

	static FailureDetails failure(TaskFailureDetails p) {
		return new FailureDetails(p.getErrorType().isEmpty() ? "UnknownError" : p.getErrorType(),
				p.getErrorMessage(), p.hasStackTrace() ? p.getStackTrace().getValue() : null,
				p.hasInnerFailure() ? failure(p.getInnerFailure()) : null, p.getIsNonRetriable());
	}

	static OrchestrationStatus status(WorkflowRuntimeStatus status) {
		return OrchestrationStatus.forNumber(OrchestrationStatuses.number(status));
	}

	static WorkflowRuntimeStatus status(OrchestrationStatus status) {
		return OrchestrationStatuses.of(status.getNumber());
	}

	static Timestamp timestamp(Instant i) {
		return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
	}

	static Instant instant(Timestamp t) {
		return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
	}

	/** Sets a wrapped string only when there is one: an absent payload stays absent, not "". */
	static void optional(String value, java.util.function.Consumer<StringValue> setter) {
		if (value != null) {
			setter.accept(StringValue.of(value));
		}
	}

	static String value(boolean present, StringValue v) {
		return present ? v.getValue() : null;
	}

}
