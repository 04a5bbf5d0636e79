package dev.workflow.grpc;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.TimerRequest;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.engine.Payloads;
import dev.workflow.engine.TurnCommitBuilder;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.EventRaised;
import dev.workflow.history.EventSent;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;

/**
 * Turns a remote worker's actions into the engine's {@link WorkflowTurnCommit}, following the rules
 * the engine's own executor applies to its actions (event ids equal action ids; a run that ends
 * sends only its events; the parent learns of a child's end; continue-as-new starts a new run with
 * the carried events). Also decides the turns a remote worker must not see: a run that already ended
 * and a run that has not started. Stateless.
 */
final class TurnApplier {

	private final Clock clock;

	private final long maxPayloadBytes;

	TurnApplier(Clock clock, long maxPayloadBytes) {
		this.clock = clock;
		this.maxPayloadBytes = maxPayloadBytes;
	}

	/**
	 * The event an activity's outcome adds to its instance's inbox; a result over the payload limit
	 * fails the call instead (the workflow sees a failed activity, as with the engine's activities).
	 */
	HistoryEvent activityOutcome(int taskId, String name, String result, FailureDetails failure) {
		Instant now = this.clock.instant();
		if (failure != null) {
			return new TaskFailed(now, taskId, failure);
		}
		try {
			Payloads.check(result, this.maxPayloadBytes, "result of activity '" + name + "'");
			return new TaskCompleted(now, taskId, result);
		}
		catch (IllegalArgumentException tooLarge) {
			return new TaskFailed(now, taskId, FailureDetails.of(tooLarge));
		}
	}

	/** The run's start: the first ExecutionStarted of the history, else of the new events; or null. */
	static ExecutionStarted startOf(List<HistoryEvent> past, List<HistoryEvent> newEvents) {
		for (List<HistoryEvent> events : List.of(past, newEvents)) {
			for (HistoryEvent e : events) {
				if (e instanceof ExecutionStarted s) {
					return s;
				}
			}
		}
		return null;
	}

	/**
	 * The commit for a turn no worker needs to run, or null when the worker must run it: events for
	 * a run that ended are consumed and dropped (as the engine does); events for a run that has not
	 * started are recorded (a terminate ends it).
	 */
	WorkflowTurnCommit withoutWorker(List<HistoryEvent> past, List<HistoryEvent> newEvents) {
		ExecutionStarted started = startOf(past, newEvents);
		boolean restarted = newEvents.stream().anyMatch(ExecutionStarted.class::isInstance);
		if (started == null) {
			Instant now = this.clock.instant();
			for (HistoryEvent e : newEvents) {
				if (e instanceof ExecutionTerminated t) {
					return TurnCommitBuilder.forRun(null)
						.appendAll(newEvents)
						.append(new ExecutionCompleted(now, WorkflowRuntimeStatus.TERMINATED, t.output(), null))
						.update(WorkflowRuntimeStatus.TERMINATED, t.output(), null, null)
						.build();
				}
			}
			return TurnCommitBuilder.forRun(null)
				.appendAll(newEvents)
				.update(WorkflowRuntimeStatus.PENDING, null, null, null)
				.build();
		}
		if (restarted) {
			return null;
		}
		for (HistoryEvent e : past) {
			if (e instanceof ExecutionCompleted end && end.status() != WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
				return TurnCommitBuilder.forRun(started)
					.update(end.status(), end.output(), null, end.failure())
					.build();
			}
		}
		return null;
	}

	/**
	 * The commit of a turn a remote worker ran.
	 * @param turn the turn as it was handed out
	 * @param actions the worker's actions, in its order
	 * @param customStatus the JSON custom status the worker reported, or null
	 * @return the commit
	 */
	WorkflowTurnCommit apply(WorkflowTurn turn, List<TurnAction> actions, String customStatus) {
		ExecutionStarted started = startOf(turn.pastEvents(), turn.newEvents());
		if (started == null) {
			throw new IllegalStateException("Workflow instance '" + turn.instanceId()
					+ "' has no start event; its turn cannot be applied");
		}
		String instanceId = turn.instanceId();
		String executionId = started.executionId();
		Instant now = this.clock.instant();
		TurnCommitBuilder commit = TurnCommitBuilder.forRun(started).appendAll(turn.newEvents());
		TurnAction.CompleteRun end = null;
		for (TurnAction a : actions) {
			if (a instanceof TurnAction.CompleteRun c) {
				end = c;
			}
		}
		for (TurnAction action : actions) {
			if (action instanceof TurnAction.SendEvent send) {
				// sent also by a run that ends in this turn, as in durabletask
				commit.append(new EventSent(now, send.id(), send.instanceId(), send.name(), send.input()));
				commit.sendEvent(send.instanceId(), null, new EventRaised(now, send.name(), send.input()));
			}
			else if (action instanceof TurnAction.TerminateInstance t) {
				commit.terminateChild(t.instanceId(), new ExecutionTerminated(now, t.output()));
			}
			else if (end == null) {
				schedule(commit, action, instanceId, executionId, started, now);
			}
		}
		String status = bounded(customStatus, "custom status of workflow '" + started.name() + "'");
		if (end == null) {
			return commit.update(WorkflowRuntimeStatus.RUNNING, null, status, null).build();
		}
		if (end.status() != WorkflowRuntimeStatus.FAILED && end.output() != null) {
			try {
				Payloads.check(end.output(), this.maxPayloadBytes, "output of workflow '" + started.name() + "'");
			}
			catch (IllegalArgumentException tooLarge) {
				// as the engine does: an output over the limit fails the run and is not stored
				end = new TurnAction.CompleteRun(end.id(), WorkflowRuntimeStatus.FAILED, null,
						FailureDetails.of(tooLarge), List.of());
			}
		}
		return finish(commit, end, turn, started, status, now);
	}

	private static void schedule(TurnCommitBuilder commit, TurnAction action, String instanceId, String executionId,
			ExecutionStarted started, Instant now) {
		if (action instanceof TurnAction.ScheduleActivity a) {
			// a call names the caller's app unless the worker named another, as the engine's calls do
			String appId = a.appId() != null ? a.appId() : started.appId();
			commit.append(new TaskScheduled(now, a.id(), a.name(), a.input(), appId));
			commit.activity(new ActivityRequest(instanceId, executionId, a.id(), a.name(), a.input(), appId));
		}
		else if (action instanceof TurnAction.CreateTimer t) {
			commit.append(new TimerCreated(now, t.id(), t.fireAt()));
			commit.timer(new TimerRequest(instanceId, executionId, t.fireAt(),
					new TimerFired(t.fireAt(), t.id(), t.fireAt())));
		}
		else if (action instanceof TurnAction.StartChild c) {
			String appId = c.appId() != null ? c.appId() : started.appId();
			commit.append(new ChildWorkflowCreated(now, c.id(), c.name(), c.instanceId(), c.input(), appId));
			commit.startChild(new ExecutionStarted(now, c.name(), c.instanceId(), UUID.randomUUID().toString(),
					c.input(), new ExecutionStarted.ParentInstance(instanceId, executionId, c.id(), started.name()),
					null, appId, null));
		}
	}

	private static WorkflowTurnCommit finish(TurnCommitBuilder commit, TurnAction.CompleteRun end, WorkflowTurn turn,
			ExecutionStarted started, String customStatus, Instant now) {
		WorkflowRuntimeStatus status = end.status();
		String output = status == WorkflowRuntimeStatus.CONTINUED_AS_NEW ? null : end.output();
		FailureDetails failure = status == WorkflowRuntimeStatus.FAILED ? orUnknown(end.failure()) : null;
		commit.append(new ExecutionCompleted(now, status, output, failure));
		if (status == WorkflowRuntimeStatus.TERMINATED) {
			for (String child : runningChildren(turn)) {
				commit.terminateChild(child, new ExecutionTerminated(now, null));
			}
		}
		ExecutionStarted.ParentInstance parent = started.parent();
		if (parent != null && status != WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
			HistoryEvent toParent = status == WorkflowRuntimeStatus.COMPLETED
					? new ChildWorkflowCompleted(now, parent.taskId(), output)
					: new ChildWorkflowFailed(now, parent.taskId(), failure != null ? failure
							: new FailureDetails("dev.workflow.WorkflowTerminated", "Child workflow '"
									+ turn.instanceId() + "' was " + status.name().toLowerCase(), null));
			commit.sendEvent(parent.instanceId(), parent.executionId(), toParent);
		}
		if (status == WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
			ExecutionStarted next = new ExecutionStarted(now, started.name(), turn.instanceId(),
					UUID.randomUUID().toString(), end.output(), parent, null, started.appId(), started.version());
			return commit.update(status, null, customStatus, null)
				.nextRun(new WorkflowTurnCommit.NextRun(next, end.carriedEvents()))
				.build();
		}
		return commit.update(status, output, customStatus, failure).build();
	}

	/** A custom status over the limit is not stored (the previous one is cleared), never failing the run. */
	private String bounded(String customStatus, String what) {
		try {
			Payloads.check(customStatus, this.maxPayloadBytes, what);
			return customStatus;
		}
		catch (IllegalArgumentException tooLarge) {
			return null;
		}
	}

	private static FailureDetails orUnknown(FailureDetails failure) {
		return failure != null ? failure
				: new FailureDetails("dev.workflow.UnknownFailure", "The worker reported a failure without details", null);
	}

	/** Children started in this run (recorded or new) whose result has not come back. */
	private static Set<String> runningChildren(WorkflowTurn turn) {
		List<HistoryEvent> all = new ArrayList<>(turn.pastEvents());
		all.addAll(turn.newEvents());
		java.util.Map<Integer, String> byTask = new java.util.LinkedHashMap<>();
		for (HistoryEvent e : all) {
			if (e instanceof ChildWorkflowCreated c) {
				byTask.put(c.eventId(), c.instanceId());
			}
			else if (e instanceof ChildWorkflowCompleted c) {
				byTask.remove(c.taskScheduledId());
			}
			else if (e instanceof ChildWorkflowFailed f) {
				byTask.remove(f.taskScheduledId());
			}
		}
		return new LinkedHashSet<>(byTask.values());
	}

}
