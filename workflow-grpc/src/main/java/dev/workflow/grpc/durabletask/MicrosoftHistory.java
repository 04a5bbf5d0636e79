package dev.workflow.grpc.durabletask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.EventRaisedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.EventSentEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ExecutionCompletedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ExecutionResumedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ExecutionStartedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ExecutionSuspendedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ExecutionTerminatedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestrationInstance;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestratorStartedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ParentInstanceInfo;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.SubOrchestrationInstanceCompletedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.SubOrchestrationInstanceCreatedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.SubOrchestrationInstanceFailedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.TaskCompletedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.TaskFailedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.TaskScheduledEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.TimerCreatedEvent;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.TimerFiredEvent;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.EventRaised;
import dev.workflow.history.EventSent;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionStalled;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.StallRetried;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;
import dev.workflow.history.WorkflowStarted;

import static dev.workflow.grpc.durabletask.MicrosoftValues.failure;
import static dev.workflow.grpc.durabletask.MicrosoftValues.status;
import static dev.workflow.grpc.durabletask.MicrosoftValues.text;
import static dev.workflow.grpc.durabletask.MicrosoftValues.timestamp;

/**
 * The engine's history events in the Microsoft flavour and back. Events the worker scheduled carry
 * its action id as their event id; every other event carries -1, as durabletask's own backends
 * write them. The stall events of workflow versioning have no counterpart in this protocol and are
 * left out of what the worker replays (they record no decision of the workflow).
 */
final class MicrosoftHistory {

	/** The event id of events that no action of the workflow produced. */
	private static final int NO_ACTION = -1;

	private MicrosoftHistory() {
	}

	/** The events in the protocol, without those it cannot express. */
	static List<MicrosoftOrchestratorService.HistoryEvent> toProto(List<HistoryEvent> events) {
		List<MicrosoftOrchestratorService.HistoryEvent> converted = new ArrayList<>(events.size());
		for (HistoryEvent event : events) {
			MicrosoftOrchestratorService.HistoryEvent proto = toProto(event);
			if (proto != null) {
				converted.add(proto);
			}
		}
		return converted;
	}

	/** One event in the protocol, or null for a stall event (not part of this protocol). */
	static MicrosoftOrchestratorService.HistoryEvent toProto(HistoryEvent event) {
		MicrosoftOrchestratorService.HistoryEvent.Builder b = MicrosoftOrchestratorService.HistoryEvent.newBuilder()
			.setEventId(NO_ACTION)
			.setTimestamp(timestamp(event.timestamp()));
		if (event instanceof WorkflowStarted) {
			b.setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance());
		}
		else if (event instanceof ExecutionStarted e) {
			b.setExecutionStarted(executionStarted(e));
		}
		else if (event instanceof ExecutionCompleted e) {
			ExecutionCompletedEvent.Builder c = ExecutionCompletedEvent.newBuilder()
				.setOrchestrationStatus(status(e.status()));
			if (e.output() != null) {
				c.setResult(text(e.output()));
			}
			if (e.failure() != null) {
				c.setFailureDetails(failure(e.failure()));
			}
			b.setExecutionCompleted(c);
		}
		else if (event instanceof ExecutionTerminated e) {
			ExecutionTerminatedEvent.Builder t = ExecutionTerminatedEvent.newBuilder();
			if (e.output() != null) {
				t.setInput(text(e.output()));
			}
			b.setExecutionTerminated(t);
		}
		else if (event instanceof ExecutionSuspended e) {
			ExecutionSuspendedEvent.Builder s = ExecutionSuspendedEvent.newBuilder();
			if (e.reason() != null) {
				s.setInput(text(e.reason()));
			}
			b.setExecutionSuspended(s);
		}
		else if (event instanceof ExecutionResumed e) {
			ExecutionResumedEvent.Builder r = ExecutionResumedEvent.newBuilder();
			if (e.reason() != null) {
				r.setInput(text(e.reason()));
			}
			b.setExecutionResumed(r);
		}
		else if (event instanceof TaskScheduled e) {
			TaskScheduledEvent.Builder s = TaskScheduledEvent.newBuilder().setName(e.name());
			if (e.input() != null) {
				s.setInput(text(e.input()));
			}
			b.setEventId(e.eventId()).setTaskScheduled(s);
		}
		else if (event instanceof TaskCompleted e) {
			TaskCompletedEvent.Builder c = TaskCompletedEvent.newBuilder().setTaskScheduledId(e.taskScheduledId());
			if (e.result() != null) {
				c.setResult(text(e.result()));
			}
			b.setTaskCompleted(c);
		}
		else if (event instanceof TaskFailed e) {
			b.setTaskFailed(TaskFailedEvent.newBuilder()
				.setTaskScheduledId(e.taskScheduledId())
				.setFailureDetails(failure(e.failure())));
		}
		else if (event instanceof TimerCreated e) {
			b.setEventId(e.eventId()).setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(timestamp(e.fireAt())));
		}
		else if (event instanceof TimerFired e) {
			b.setTimerFired(TimerFiredEvent.newBuilder().setTimerId(e.timerId()).setFireAt(timestamp(e.fireAt())));
		}
		else if (event instanceof ChildWorkflowCreated e) {
			SubOrchestrationInstanceCreatedEvent.Builder c = SubOrchestrationInstanceCreatedEvent.newBuilder()
				.setInstanceId(e.instanceId())
				.setName(e.name());
			if (e.input() != null) {
				c.setInput(text(e.input()));
			}
			b.setEventId(e.eventId()).setSubOrchestrationInstanceCreated(c);
		}
		else if (event instanceof ChildWorkflowCompleted e) {
			SubOrchestrationInstanceCompletedEvent.Builder c = SubOrchestrationInstanceCompletedEvent.newBuilder()
				.setTaskScheduledId(e.taskScheduledId());
			if (e.result() != null) {
				c.setResult(text(e.result()));
			}
			b.setSubOrchestrationInstanceCompleted(c);
		}
		else if (event instanceof ChildWorkflowFailed e) {
			b.setSubOrchestrationInstanceFailed(SubOrchestrationInstanceFailedEvent.newBuilder()
				.setTaskScheduledId(e.taskScheduledId())
				.setFailureDetails(failure(e.failure())));
		}
		else if (event instanceof EventRaised e) {
			EventRaisedEvent.Builder r = EventRaisedEvent.newBuilder().setName(e.name());
			if (e.input() != null) {
				r.setInput(text(e.input()));
			}
			b.setEventRaised(r);
		}
		else if (event instanceof EventSent e) {
			EventSentEvent.Builder s = EventSentEvent.newBuilder().setInstanceId(e.instanceId()).setName(e.name());
			if (e.input() != null) {
				s.setInput(text(e.input()));
			}
			b.setEventId(e.eventId()).setEventSent(s);
		}
		else if (event instanceof ExecutionStalled || event instanceof StallRetried) {
			return null;
		}
		else {
			throw new IllegalStateException("No Microsoft-flavour history event for " + event.getClass().getName());
		}
		return b.build();
	}

	private static ExecutionStartedEvent executionStarted(ExecutionStarted e) {
		OrchestrationInstance.Builder instance = OrchestrationInstance.newBuilder().setInstanceId(e.instanceId());
		if (e.executionId() != null) {
			instance.setExecutionId(text(e.executionId()));
		}
		ExecutionStartedEvent.Builder s = ExecutionStartedEvent.newBuilder()
			.setName(e.name())
			.setOrchestrationInstance(instance);
		if (e.input() != null) {
			s.setInput(text(e.input()));
		}
		if (e.version() != null) {
			s.setVersion(text(e.version()));
		}
		if (e.scheduledStartTime() != null) {
			s.setScheduledStartTimestamp(timestamp(e.scheduledStartTime()));
		}
		if (e.parent() != null) {
			OrchestrationInstance.Builder parentInstance = OrchestrationInstance.newBuilder()
				.setInstanceId(e.parent().instanceId());
			if (e.parent().executionId() != null) {
				parentInstance.setExecutionId(text(e.parent().executionId()));
			}
			ParentInstanceInfo.Builder parent = ParentInstanceInfo.newBuilder()
				.setTaskScheduledId(e.parent().taskId())
				.setOrchestrationInstance(parentInstance);
			if (e.parent().name() != null) {
				parent.setName(text(e.parent().name()));
			}
			s.setParentInstance(parent);
		}
		return s.build();
	}

	/**
	 * Events a worker carries into the next run of a continued-as-new instance. The SDKs carry the
	 * external events the run had not yet processed; nothing else can be carried.
	 * @throws IllegalArgumentException for any other kind of event
	 */
	static List<HistoryEvent> carried(List<MicrosoftOrchestratorService.HistoryEvent> events, Instant now) {
		List<HistoryEvent> carried = new ArrayList<>(events.size());
		for (MicrosoftOrchestratorService.HistoryEvent event : events) {
			if (!event.hasEventRaised()) {
				throw new IllegalArgumentException("A continue-as-new action can carry only external events "
						+ "(eventRaised) into the next run, not " + event.getEventTypeCase());
			}
			EventRaisedEvent raised = event.getEventRaised();
			Instant at = event.hasTimestamp() ? MicrosoftValues.instant(event.getTimestamp()) : now;
			carried.add(new EventRaised(at, raised.getName(), text(raised.hasInput(), raised.getInput())));
		}
		return carried;
	}

}
