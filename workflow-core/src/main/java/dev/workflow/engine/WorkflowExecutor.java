package dev.workflow.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.workflow.DataConverter;
import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.InstanceMessage;
import dev.workflow.backend.TimerRequest;
import dev.workflow.backend.WorkflowTurnResult;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TimerFired;
import dev.workflow.history.WorkflowStarted;

/**
 * Runs one workflow turn: replays the workflow method over the recorded history and the new
 * events, and turns what the code did into a {@link WorkflowTurnResult}. Stateless and
 * thread-safe; all state of a turn lives in its context.
 */
public final class WorkflowExecutor {

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
	public WorkflowTurnResult execute(String instanceId, List<HistoryEvent> past, List<HistoryEvent> newEvents) {
		WorkflowTurnResult ended = endedRun(past, newEvents);
		if (ended != null) {
			return ended;
		}
		Instant now = this.clock.instant();
		List<HistoryEvent> incoming = new ArrayList<>(newEvents.size() + 1);
		incoming.add(new WorkflowStarted(now));
		incoming.addAll(newEvents);
		ReplayContext ctx = new ReplayContext(instanceId, past, incoming, this.converter, this.maxPayloadBytes);
		ctx.onActivityTimeout = this.onActivityTimeout;
		if (!ctx.begin()) {
			// No ExecutionStarted: nothing to run (events for an instance that has not started).
			return failedWithoutStart(instanceId, past, incoming, now);
		}
		ExecutionStarted started = ctx.started();
		WorkflowRegistry.RegisteredWorkflow workflow = this.registry.workflow(started.name());
		WorkflowRuntimeStatus status;
		String output = null;
		FailureDetails failure = null;
		if (ctx.endStatus != null) {
			status = ctx.endStatus;
			output = ctx.endOutput;
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
				ctx.codeRunning = true;
				result = workflow.function().run(ctx, input);
				ctx.codeRunning = false;
				String json = this.converter.serialize(result);
				// checked before it is kept: an output over the limit fails the instance and is not stored
				Payloads.check(json, this.maxPayloadBytes, "output of workflow '" + started.name() + "'");
				output = json;
				status = WorkflowRuntimeStatus.COMPLETED;
			}
			catch (Signals.Blocked blocked) {
				status = ctx.suspended ? WorkflowRuntimeStatus.SUSPENDED : WorkflowRuntimeStatus.RUNNING;
			}
			catch (Signals.ContinueAsNew | Signals.Terminated end) {
				status = ctx.endStatus;
				output = ctx.endOutput;
			}
			catch (Error error) {
				throw error;
			}
			catch (Throwable ex) {
				status = WorkflowRuntimeStatus.FAILED;
				failure = FailureDetails.of(ex);
			}
			ctx.codeRunning = false;
			if (status != WorkflowRuntimeStatus.RUNNING && status != WorkflowRuntimeStatus.SUSPENDED) {
				// Consume the rest, so that raised events are buffered for continue-as-new and history
				// mismatches are still detected.
				try {
					while (ctx.processNextEvent()) {
						// drain
					}
				}
				catch (RuntimeException ignored) {
					// a mismatch is recorded in ctx.nonDeterminism
				}
			}
		}
		if (ctx.endStatus == WorkflowRuntimeStatus.TERMINATED) {
			// Terminate wins within the turn it arrives in, whatever the code did: returned, failed,
			// continued as new (a loop that never awaits sees its terminate only here) or replayed wrong.
			status = WorkflowRuntimeStatus.TERMINATED;
			output = ctx.endOutput;
			failure = null;
		}
		else if (ctx.nonDeterminism != null) {
			status = WorkflowRuntimeStatus.FAILED;
			output = null;
			failure = FailureDetails.of(ctx.nonDeterminism);
		}
		else if (ctx.suspended && status != WorkflowRuntimeStatus.RUNNING && status != WorkflowRuntimeStatus.SUSPENDED) {
			// Suspend wins too: the run does not end (and does not continue as new) while suspended.
			// Nothing of the code's end is kept; the resume replays this history, and the code
			// reaches the same end again, then with the suspend lifted.
			status = WorkflowRuntimeStatus.SUSPENDED;
			output = null;
			failure = null;
			ctx.pendingActions.clear();
		}
		else if (status == WorkflowRuntimeStatus.RUNNING && ctx.suspended) {
			status = WorkflowRuntimeStatus.SUSPENDED;
		}
		return buildResult(instanceId, ctx, started, incoming, now, status, output, bounded(failure));
	}

	/**
	 * A turn for a run whose history already ended (a late claim, an event that raced the end) must
	 * not run workflow code: it would append a second completion. Its events are consumed and
	 * dropped: the result appends nothing and repeats the recorded end (a terminal status with an
	 * empty history append, which no real turn produces), so a backend only deletes the consumed
	 * events. Null when the run has not ended, or when a new run starts.
	 */
	private static WorkflowTurnResult endedRun(List<HistoryEvent> past, List<HistoryEvent> newEvents) {
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
		return new WorkflowTurnResult(started, List.of(), false, end.status(), end.output(), null, end.failure(),
				List.of(), List.of(), List.of());
	}

	private WorkflowTurnResult buildResult(String instanceId, ReplayContext ctx, ExecutionStarted started,
			List<HistoryEvent> incoming, Instant now, WorkflowRuntimeStatus status, String output,
			FailureDetails failure) {
		String executionId = started.executionId();
		boolean ended = status != WorkflowRuntimeStatus.RUNNING && status != WorkflowRuntimeStatus.SUSPENDED;
		List<HistoryEvent> append = new ArrayList<>(incoming);
		List<ActivityRequest> activities = new ArrayList<>();
		List<TimerRequest> timers = new ArrayList<>();
		List<InstanceMessage> messages = new ArrayList<>();
		if (!ended) {
			for (ReplayContext.Action action : ctx.pendingActions.values()) {
				append.add(action.toEvent(now));
				if (action instanceof ReplayContext.ScheduleActivity a) {
					activities.add(new ActivityRequest(instanceId, executionId, a.id(), a.name(), a.input()));
				}
				else if (action instanceof ReplayContext.StartTimer t) {
					timers.add(new TimerRequest(instanceId, executionId, t.fireAt(),
							new TimerFired(t.fireAt(), t.id(), t.fireAt())));
				}
				else if (action instanceof ReplayContext.StartChild c) {
					messages.add(new InstanceMessage(c.instanceId(), null,
							new ExecutionStarted(now, c.name(), c.instanceId(), UUID.randomUUID().toString(), c.input(),
									new ExecutionStarted.ParentInstance(instanceId, executionId, c.id()), null)));
				}
			}
			return new WorkflowTurnResult(started, append, false, status, null, ctx.customStatus, null, activities,
					timers, messages);
		}
		append.add(new ExecutionCompleted(now, status, output, failure));
		if (status == WorkflowRuntimeStatus.TERMINATED) {
			for (Map.Entry<Integer, String> child : ctx.openChildren.entrySet()) {
				if (!ctx.pendingActions.containsKey(child.getKey())) {
					messages.add(new InstanceMessage(child.getValue(), null, new ExecutionTerminated(now, null)));
				}
			}
		}
		ExecutionStarted.ParentInstance parent = started.parent();
		if (parent != null && status != WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
			HistoryEvent toParent = status == WorkflowRuntimeStatus.COMPLETED
					? new ChildWorkflowCompleted(now, parent.taskId(), output)
					: new ChildWorkflowFailed(now, parent.taskId(), failure != null ? failure
							: new FailureDetails("dev.workflow.WorkflowTerminated",
									"Child workflow '" + instanceId + "' was " + status.name().toLowerCase(), null));
			messages.add(new InstanceMessage(parent.instanceId(), parent.executionId(), toParent));
		}
		if (status == WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
			messages.add(new InstanceMessage(instanceId, null, new ExecutionStarted(now, started.name(), instanceId,
					UUID.randomUUID().toString(), output, parent, null)));
			if (ctx.preserveUnprocessedEvents) {
				ctx.unprocessedEvents().forEach(e -> messages.add(new InstanceMessage(instanceId, null, e)));
			}
			return new WorkflowTurnResult(started, append, true, status, null, ctx.customStatus, null, List.of(),
					List.of(), messages);
		}
		return new WorkflowTurnResult(started, append, false, status, output, ctx.customStatus, failure, List.of(),
				List.of(), messages);
	}

	/**
	 * Failure details that fit in the payload limit: a message or stack trace from user code may be
	 * of any size, and every payload written obeys the limit.
	 */
	FailureDetails bounded(FailureDetails failure) {
		if (failure == null) {
			return null;
		}
		long maxChars = Math.max(256, this.maxPayloadBytes / 8);
		String message = shortened(failure.getErrorMessage(), maxChars);
		String trace = shortened(failure.getStackTrace(), maxChars);
		String type = shortened(failure.getErrorType(), 1024);
		if (message == failure.getErrorMessage() && trace == failure.getStackTrace() && type == failure.getErrorType()) {
			return failure;
		}
		return new FailureDetails(type, message, trace);
	}

	private static String shortened(String text, long maxChars) {
		if (text == null || text.length() <= maxChars) {
			return text;
		}
		return text.substring(0, (int) maxChars) + "... (truncated from " + text.length() + " characters to fit "
				+ "the payload size limit)";
	}

	/**
	 * A turn for an instance whose run has not started: one scheduled to start later got events
	 * first. A terminate ends it TERMINATED; other events are recorded and apply once it starts
	 * (replay reads them before the start event), so it stays PENDING.
	 */
	private WorkflowTurnResult failedWithoutStart(String instanceId, List<HistoryEvent> past,
			List<HistoryEvent> incoming, Instant now) {
		List<HistoryEvent> append = new ArrayList<>(incoming);
		for (HistoryEvent e : incoming) {
			if (e instanceof ExecutionTerminated t) {
				append.add(new ExecutionCompleted(now, WorkflowRuntimeStatus.TERMINATED, t.output(), null));
				return new WorkflowTurnResult(null, append, false, WorkflowRuntimeStatus.TERMINATED, t.output(), null,
						null, List.of(), List.of(), List.of());
			}
		}
		return new WorkflowTurnResult(null, append, false, WorkflowRuntimeStatus.PENDING, null, null, null, List.of(),
				List.of(), List.of());
	}

	/**
	 * The result that ends an instance FAILED without running its code, for poison work items.
	 * @param instanceId the instance
	 * @param past the recorded history
	 * @param newEvents the new events
	 * @param reason why
	 * @return the result
	 */
	public WorkflowTurnResult failTurn(String instanceId, List<HistoryEvent> past, List<HistoryEvent> newEvents,
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
		List<HistoryEvent> append = new ArrayList<>();
		append.add(new WorkflowStarted(now));
		append.addAll(newEvents);
		append.add(new ExecutionCompleted(now, WorkflowRuntimeStatus.FAILED, null, failure));
		List<InstanceMessage> messages = new ArrayList<>();
		if (started != null && started.parent() != null) {
			ExecutionStarted.ParentInstance p = started.parent();
			messages.add(new InstanceMessage(p.instanceId(), p.executionId(), new ChildWorkflowFailed(now, p.taskId(), failure)));
		}
		return new WorkflowTurnResult(started, append, false, WorkflowRuntimeStatus.FAILED, null, null, failure,
				List.of(), List.of(), messages);
	}

}
