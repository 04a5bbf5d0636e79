package dev.workflow.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.DataConverter;
import dev.workflow.FailureDetails;
import dev.workflow.TraceContext;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.TimerRequest;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionStalled;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.StallRetried;
import dev.workflow.history.TimerFired;
import dev.workflow.history.WorkflowStarted;

/**
 * Runs one workflow turn: replays the workflow method over the recorded history and the new
 * events, and turns what the code did into a {@link WorkflowTurnCommit}. Stateless and
 * thread-safe; all state of a turn lives in its context.
 */
public final class WorkflowExecutor {

	private static final Logger log = LoggerFactory.getLogger(WorkflowExecutor.class);

	private final WorkflowRegistry registry;

	private final DataConverter converter;

	private final long maxPayloadBytes;

	private final Clock clock;

	private final ReplayContext.ActivityTimeouts onActivityTimeout;

	/**
	 * Creates an executor.
	 * @param registry the workflows
	 * @param converter the payload converter
	 * @param maxPayloadBytes the payload size limit
	 * @param clock the clock for turn timestamps
	 */
	public WorkflowExecutor(WorkflowRegistry registry, DataConverter converter, long maxPayloadBytes, Clock clock) {
		this(registry, converter, maxPayloadBytes, clock, null);
	}

	/**
	 * Creates an executor that reports activity calls whose timeout fired in a new (not replayed)
	 * event, so that the engine can interrupt them.
	 * @param registry the workflows
	 * @param converter the payload converter
	 * @param maxPayloadBytes the payload size limit
	 * @param clock the clock for turn timestamps
	 * @param onActivityTimeout told of each timed-out call, may be null
	 */
	WorkflowExecutor(WorkflowRegistry registry, DataConverter converter, long maxPayloadBytes, Clock clock,
			ReplayContext.ActivityTimeouts onActivityTimeout) {
		this.onActivityTimeout = onActivityTimeout;
		this.registry = registry;
		this.converter = converter;
		this.maxPayloadBytes = maxPayloadBytes;
		this.clock = clock;
	}

	/**
	 * Runs one turn.
	 * @param instanceId the instance
	 * @param past the recorded history
	 * @param newEvents the events that arrived since
	 * @return the turn's result
	 * @throws Error when workflow code throws an Error: the turn is abandoned and retried
	 */
	public WorkflowTurnCommit execute(String instanceId, List<HistoryEvent> past, List<HistoryEvent> newEvents) {
		WorkflowTurnCommit ended = endedRun(past, newEvents);
		if (ended != null) {
			return ended;
		}
		Instant now = this.clock.instant();
		List<HistoryEvent> incoming = new ArrayList<>(newEvents.size() + 1);
		incoming.add(new WorkflowStarted(now));
		incoming.addAll(newEvents);
		ReplayContext ctx = new ReplayContext(instanceId, past, incoming, this.converter, this.maxPayloadBytes,
				this.onActivityTimeout);
		ctx.actions().patches().readRecorded(past);
		if (!ctx.begin()) {
			// No ExecutionStarted: nothing to run (events for an instance that has not started).
			return failedWithoutStart(instanceId, past, incoming, now);
		}
		ExecutionStarted started = ctx.started();
		RunVersion version = RunVersion.choose(this.registry, instanceId, started, past);
		WorkflowRegistry.RegisteredWorkflow workflow = version.workflow();
		WorkflowRuntimeStatus status;
		String output = null;
		FailureDetails failure = null;
		if (ctx.endStatus() != null) {
			status = ctx.endStatus();
			output = ctx.endOutput();
		}
		else if (version.stalled() != null) {
			return stalled(started, incoming, now, RunVersion.VERSION_NOT_REGISTERED, version.stalled());
		}
		else if (workflow == null) {
			status = WorkflowRuntimeStatus.FAILED;
			failure = new FailureDetails(IllegalStateException.class.getName(), "No workflow named '" + started.name()
					+ "' is registered with this runtime; registered workflows: " + this.registry.workflowNames(), null);
		}
		else {
			Object result;
			try {
				Object input = this.converter.deserialize(started.input(), workflow.inputType());
				result = ctx.runCode(workflow.function(), input);
				String json = this.converter.serialize(result);
				// checked before it is kept: an output over the limit fails the instance and is not stored
				Payloads.check(json, this.maxPayloadBytes, "output of workflow '" + started.name() + "'");
				output = json;
				status = WorkflowRuntimeStatus.COMPLETED;
			}
			catch (Signals.Blocked blocked) {
				status = ctx.suspended() ? WorkflowRuntimeStatus.SUSPENDED : WorkflowRuntimeStatus.RUNNING;
			}
			catch (Signals.ContinueAsNew | Signals.Completed | Signals.Terminated end) {
				status = ctx.endStatus();
				output = ctx.endOutput();
			}
			catch (Error error) {
				throw error;
			}
			catch (Throwable ex) {
				status = WorkflowRuntimeStatus.FAILED;
				failure = FailureDetails.of(ex);
			}
			if (status != WorkflowRuntimeStatus.RUNNING && status != WorkflowRuntimeStatus.SUSPENDED) {
				ctx.drain();
			}
			String unknownPatches = RunVersion.unknownPatches(ctx, instanceId, started.name());
			if (unknownPatches != null) {
				return stalled(started, incoming, now, RunVersion.PATCH_MISMATCH, unknownPatches);
			}
		}
		if (ctx.endStatus() == WorkflowRuntimeStatus.TERMINATED) {
			// Terminate wins within the turn it arrives in, whatever the code did: returned, failed,
			// continued as new (a loop that never awaits sees its terminate only here) or replayed wrong.
			status = WorkflowRuntimeStatus.TERMINATED;
			output = ctx.endOutput();
			failure = null;
		}
		else if (ctx.nonDeterminism() != null) {
			status = WorkflowRuntimeStatus.FAILED;
			output = null;
			failure = FailureDetails.of(ctx.nonDeterminism());
		}
		else if (ctx.suspended() && status != WorkflowRuntimeStatus.RUNNING && status != WorkflowRuntimeStatus.SUSPENDED) {
			// Suspend wins too: the run does not end (and does not continue as new) while suspended.
			// Nothing of the code's end is kept; the resume replays this history, and the code
			// reaches the same end again, then with the suspend lifted.
			status = WorkflowRuntimeStatus.SUSPENDED;
			output = null;
			failure = null;
			ctx.actions().dropUnmatched();
		}
		else if (status == WorkflowRuntimeStatus.RUNNING && ctx.suspended()) {
			status = WorkflowRuntimeStatus.SUSPENDED;
		}
		// The turn's marker records what versioning decided, so every replay decides the same.
		incoming.set(0, new WorkflowStarted(now, version.toRecord(), ctx.actions().patches().applied()));
		return buildResult(instanceId, ctx, started, incoming, now, status, output, bounded(failure));
	}

	/**
	 * A turn whose run started on a version this runtime does not have, or recorded a patch its code
	 * does not know: nothing the code did is kept. The events are recorded (replay reads them when
	 * the run goes on) with an ExecutionStalled, and the instance reads STALLED until a runtime with
	 * the version takes a turn (its next event, or a {@link StallRetried}, see {@link StalledRetries}).
	 */
	private static WorkflowTurnCommit stalled(ExecutionStarted started, List<HistoryEvent> incoming, Instant now,
			String reason, String why) {
		TurnCommitBuilder commit = TurnCommitBuilder.forRun(started);
		if (incoming.size() > 1 && incoming.stream().skip(1).allMatch(StallRetried.class::isInstance)) {
			// only retries, and still stalled: nothing to keep, so periodic retries add no history
			return commit.update(WorkflowRuntimeStatus.STALLED, null, null, null).build();
		}
		log.warn(why);
		return commit.appendAll(incoming)
			.append(new ExecutionStalled(now, reason, why))
			.update(WorkflowRuntimeStatus.STALLED, null, null, null)
			.build();
	}

	/**
	 * Runs the activity calls a turn scheduled inline, replays with their results and repeats, while
	 * the turn keeps running and only schedules activities, and until the deadline; returns all
	 * rounds merged into one commit (the calls that did not run inline stay scheduled).
	 * @param instanceId the instance
	 * @param past the recorded history the first turn ran over
	 * @param first the first turn's commit
	 * @param inline runs the calls of one round
	 * @param deadlineNanos the {@link System#nanoTime()} after which no round starts
	 * @return the merged commit ({@code first} itself when nothing ran inline), or null when the
	 * calling thread was handed over and must not commit
	 */
	WorkflowTurnCommit continueInline(String instanceId, List<HistoryEvent> past, WorkflowTurnCommit first,
			InlineActivities inline, long deadlineNanos) {
		List<HistoryEvent> history = new ArrayList<>(past);
		List<ActivityRequest> pending = new ArrayList<>();
		TurnCommitBuilder merged = TurnCommitBuilder.forRun(first.started());
		WorkflowTurnCommit last = first;
		while (true) {
			history.addAll(last.historyToAppend());
			merged.appendAll(last.historyToAppend()).timers(last.timers()).outbox(last.outbox());
			pending.addAll(last.activities());
			if (!inlinable(last) || pending.isEmpty() || System.nanoTime() - deadlineNanos >= 0) {
				break;
			}
			List<HistoryEvent> results = inline.run(pending);
			if (results == null) {
				return null;
			}
			if (results.isEmpty()) {
				break;
			}
			try {
				last = execute(instanceId, history, results);
			}
			catch (Throwable ex) {
				// The replay with the inline results failed to process: commit what ran before them;
				// the activities are scheduled again and run on the activity workers.
				log.debug("Replay after inline activities of '{}' failed; committing without them", instanceId, ex);
				return first;
			}
		}
		if (last == first) {
			return first;
		}
		// A later round may end the run or continue it as new: its update and next run win. (The
		// first turn ran, so it names the run.)
		return merged.activities(pending).update(last.update()).nextRun(last.nextRun()).build();
	}

	private static boolean inlinable(WorkflowTurnCommit commit) {
		return commit.status() == WorkflowRuntimeStatus.RUNNING && !commit.historyReset()
				&& !commit.activities().isEmpty();
	}

	/** Runs one round of inline activity calls for {@link #continueInline}. */
	@FunctionalInterface
	interface InlineActivities {

		/**
		 * Runs the calls that may run inline, removing from {@code pending} those that finished.
		 * @param pending the calls not run yet
		 * @return the results of the calls that finished, empty when none ran, or null when the
		 * calling thread was handed over
		 */
		List<HistoryEvent> run(List<ActivityRequest> pending);

	}

	/**
	 * A turn for a run whose history already ended (a late claim, an event that raced the end) must
	 * not run workflow code: it would append a second completion. Its events are consumed and
	 * dropped: the result appends nothing and repeats the recorded end (a terminal status with an
	 * empty history append, which no real turn produces), so a backend only deletes the consumed
	 * events. Null when the run has not ended, or when a new run starts.
	 */
	private static WorkflowTurnCommit endedRun(List<HistoryEvent> past, List<HistoryEvent> newEvents) {
		ExecutionCompleted end = null;
		ExecutionStarted started = null;
		for (HistoryEvent e : past) {
			if (e instanceof ExecutionCompleted c) {
				end = c;
			}
			else if (e instanceof ExecutionStarted s && started == null) {
				started = s;
			}
		}
		if (end == null || end.status() == WorkflowRuntimeStatus.CONTINUED_AS_NEW
				|| newEvents.stream().anyMatch(ExecutionStarted.class::isInstance)) {
			return null;
		}
		return TurnCommitBuilder.forRun(started).update(end.status(), end.output(), null, end.failure()).build();
	}

	private WorkflowTurnCommit buildResult(String instanceId, ReplayContext ctx, ExecutionStarted started,
			List<HistoryEvent> incoming, Instant now, WorkflowRuntimeStatus status, String output,
			FailureDetails failure) {
		String executionId = started.executionId();
		boolean ended = status != WorkflowRuntimeStatus.RUNNING && status != WorkflowRuntimeStatus.SUSPENDED;
		TurnCommitBuilder commit = TurnCommitBuilder.forRun(started).appendAll(incoming);
		TraceContext trace = TurnTraces.of(started, incoming);
		if (!ended) {
			for (ReplayActions.Action action : ctx.actions().unmatched()) {
				commit.append(action.toEvent(now));
				if (action instanceof ReplayActions.ScheduleActivity a) {
					commit.activity(new ActivityRequest(instanceId, executionId, a.id(), a.name(), a.input(),
							a.appId(), TurnTraces.parent(trace), TurnTraces.state(trace)));
				}
				else if (action instanceof ReplayActions.StartTimer t) {
					commit.timer(new TimerRequest(instanceId, executionId, t.fireAt(),
							new TimerFired(t.fireAt(), t.id(), t.fireAt())));
				}
				else if (action instanceof ReplayActions.StartChild c) {
					commit.startChild(new ExecutionStarted(now, c.name(), c.instanceId(), UUID.randomUUID().toString(),
							c.input(), new ExecutionStarted.ParentInstance(instanceId, executionId, c.id(), started.name()),
							null, c.appId(), null, TurnTraces.parent(trace), TurnTraces.state(trace)));
				}
				else if (action instanceof ReplayActions.SendEvent send) {
					sendEvent(commit, send, now, trace);
				}
			}
			return commit.update(status, null, ctx.customStatus(), null).build();
		}
		if (status != WorkflowRuntimeStatus.TERMINATED && ctx.nonDeterminism() == null) {
			// Events the code sent before it returned, failed or continued as new still go out (as in
			// durabletask); its other new work ends with the run.
			for (ReplayActions.Action action : ctx.actions().unmatched()) {
				if (action instanceof ReplayActions.SendEvent send) {
					commit.append(action.toEvent(now));
					sendEvent(commit, send, now, trace);
				}
			}
		}
		commit.append(new ExecutionCompleted(now, status, output, failure));
		if (status == WorkflowRuntimeStatus.TERMINATED) {
			for (String childId : ctx.actions().runningChildren()) {
				commit.terminateChild(childId, new ExecutionTerminated(now, null));
			}
		}
		ExecutionStarted.ParentInstance parent = started.parent();
		if (parent != null && status != WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
			HistoryEvent toParent = status == WorkflowRuntimeStatus.COMPLETED
					? new ChildWorkflowCompleted(now, parent.taskId(), output)
					: new ChildWorkflowFailed(now, parent.taskId(), failure != null ? failure
							: new FailureDetails("dev.workflow.WorkflowTerminated",
									"Child workflow '" + instanceId + "' was " + status.name().toLowerCase(), null));
			commit.sendEvent(parent.instanceId(), parent.executionId(), toParent);
		}
		if (status == WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
			// the next run stays on the app that ran this one
			ExecutionStarted next = new ExecutionStarted(now, started.name(), instanceId, UUID.randomUUID().toString(),
					output, parent, null, started.appId(), null, started.traceParent(), started.traceState());
			return commit.update(status, null, ctx.customStatus(), null)
				.nextRun(new WorkflowTurnCommit.NextRun(next, ctx.carriedEvents()))
				.build();
		}
		return commit.update(status, output, ctx.customStatus(), failure).build();
	}

	/** Sends a raised event to whatever run of the target is current; dropped if there is none. */
	private static void sendEvent(TurnCommitBuilder commit, ReplayActions.SendEvent send, Instant now,
			TraceContext trace) {
		commit.sendEvent(send.instanceId(), null,
				new EventRaised(now, send.name(), send.input(), TurnTraces.parent(trace), TurnTraces.state(trace)));
	}

	/** Failure details that fit in the payload limit; see {@link FailureBounds}. */
	FailureDetails bounded(FailureDetails failure) {
		return FailureBounds.bounded(failure, this.maxPayloadBytes);
	}

	/**
	 * A turn for an instance whose run has not started: one scheduled to start later got events
	 * first. A terminate ends it TERMINATED; other events are recorded and apply once it starts
	 * (replay reads them before the start event), so it stays PENDING.
	 */
	private WorkflowTurnCommit failedWithoutStart(String instanceId, List<HistoryEvent> past,
			List<HistoryEvent> incoming, Instant now) {
		for (HistoryEvent e : incoming) {
			if (e instanceof ExecutionTerminated t) {
				return TurnCommitBuilder.forRun(null)
					.appendAll(incoming)
					.append(new ExecutionCompleted(now, WorkflowRuntimeStatus.TERMINATED, t.output(), null))
					.update(WorkflowRuntimeStatus.TERMINATED, t.output(), null, null)
					.build();
			}
		}
		return TurnCommitBuilder.forRun(null)
			.appendAll(incoming)
			.update(WorkflowRuntimeStatus.PENDING, null, null, null)
			.build();
	}

	/**
	 * The result that ends an instance FAILED without running its code, for poison work items.
	 * @param instanceId the instance
	 * @param past the recorded history
	 * @param newEvents the new events
	 * @param reason why
	 * @return the result
	 */
	public WorkflowTurnCommit failTurn(String instanceId, List<HistoryEvent> past, List<HistoryEvent> newEvents,
			FailureDetails reason) {
		Instant now = this.clock.instant();
		ExecutionStarted started = null;
		for (HistoryEvent e : past) {
			if (e instanceof ExecutionStarted es) {
				started = es;
				break;
			}
		}
		if (started == null) {
			for (HistoryEvent e : newEvents) {
				if (e instanceof ExecutionStarted es) {
					started = es;
					break;
				}
			}
		}
		FailureDetails failure = bounded(reason);
		TurnCommitBuilder commit = TurnCommitBuilder.forRun(started)
			.append(new WorkflowStarted(now))
			.appendAll(newEvents)
			.append(new ExecutionCompleted(now, WorkflowRuntimeStatus.FAILED, null, failure))
			.update(WorkflowRuntimeStatus.FAILED, null, null, failure);
		if (started != null && started.parent() != null) {
			ExecutionStarted.ParentInstance p = started.parent();
			commit.sendEvent(p.instanceId(), p.executionId(), new ChildWorkflowFailed(now, p.taskId(), failure));
		}
		return commit.build();
	}

}
