package dev.workflow.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;

import dev.workflow.DataConverter;
import dev.workflow.NonDeterminismException;
import dev.workflow.ParentInstance;
import dev.workflow.Task;
import dev.workflow.TaskOptions;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.engine.ReplayActions.StartTimer;
import dev.workflow.engine.ReplayTasks.AllOfTask;
import dev.workflow.engine.ReplayTasks.AnyOfTask;
import dev.workflow.engine.ReplayTasks.PayloadTask;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TimerFired;
import dev.workflow.history.WorkflowStarted;

/**
 * The workflow context of one turn. It walks the history (recorded events, then new ones) lazily:
 * events are consumed only when workflow code awaits a task that is not done, so a replay consumes
 * them at exactly the points the original run did. Actions the code takes are matched against the
 * scheduling events in history ({@link ReplayActions}); actions without a match are the turn's new
 * work. The executor reads the turn's outcome through the accessors below.
 */
final class ReplayContext implements WorkflowContext {

	/** Told of an activity call whose timeout fired, so the engine can interrupt its thread. */
	@FunctionalInterface
	interface ActivityTimeouts {
		void timedOut(String instanceId, String executionId, int taskId);
	}

	private final String instanceId;

	private final DataConverter converter;

	private final long maxPayloadBytes;

	private final ActivityTimeouts onActivityTimeout;

	private final HistoryCursor history;

	private final ReplayActions actions = new ReplayActions();

	private final ReplayCalls calls = new ReplayCalls(this);

	private ExecutionStarted started;

	private Instant currentInstant;

	private long uuidCounter;

	private final ExternalEvents externalEvents = new ExternalEvents();

	private boolean codeRunning;

	private String customStatus;

	/** Set when the run ends by termination, continue-as-new or complete(output). */
	private WorkflowRuntimeStatus endStatus;

	private String endOutput;

	private boolean preserveUnprocessedEvents;

	private Logger logger;

	/**
	 * A context for one turn.
	 * @param instanceId the instance
	 * @param past the recorded history
	 * @param newEvents the events of this turn
	 * @param converter the payload converter
	 * @param maxPayloadBytes the payload limit for what the code writes
	 * @param onActivityTimeout told of each timed-out activity call, may be null
	 */
	ReplayContext(String instanceId, List<HistoryEvent> past, List<HistoryEvent> newEvents, DataConverter converter,
			long maxPayloadBytes, ActivityTimeouts onActivityTimeout) {
		this.instanceId = instanceId;
		this.converter = converter;
		this.maxPayloadBytes = maxPayloadBytes;
		this.onActivityTimeout = onActivityTimeout;
		this.history = new HistoryCursor(past, newEvents);
	}

	DataConverter converter() {
		return this.converter;
	}

	ExecutionStarted started() {
		return this.started;
	}

	ReplayActions actions() {
		return this.actions;
	}

	ExternalEvents externalEvents() {
		return this.externalEvents;
	}

	/** Told of each timed-out activity call, may be null. */
	ActivityTimeouts activityTimeouts() {
		return this.onActivityTimeout;
	}

	/** Whether the run is suspended at this point of history. */
	boolean suspended() {
		return this.history.suspended();
	}

	String customStatus() {
		return this.customStatus;
	}

	/** How the run ended by itself: by termination, continue-as-new or complete(output); null otherwise. */
	WorkflowRuntimeStatus endStatus() {
		return this.endStatus;
	}

	String endOutput() {
		return this.endOutput;
	}

	/** The first mismatch between history and code, or null. */
	NonDeterminismException nonDeterminism() {
		return this.actions.firstMismatch();
	}

	/** Consumes events up to and including the run's ExecutionStarted. */
	boolean begin() {
		while (this.started == null) {
			if (!processNextEvent()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Runs the workflow code over this context; a terminate met while it runs ends it with
	 * {@link Signals.Terminated}.
	 */
	Object runCode(WorkflowFunction<Object, Object> function, Object input) throws Exception {
		this.codeRunning = true;
		try {
			return function.run(this, input);
		}
		finally {
			this.codeRunning = false;
		}
	}

	/**
	 * Consumes the rest of history after the code ended, so raised events are buffered for
	 * continue-as-new and history mismatches are still found (recorded in {@link #nonDeterminism()}).
	 */
	void drain() {
		try {
			while (processNextEvent()) {
				// drain
			}
		}
		catch (RuntimeException mismatch) {
			// kept by the actions
		}
		catch (Signals.Blocked blocked) {
			// a retry handler or thenApply function of a task the code left behind awaited something
			// history does not hold: the run has ended, so there is nothing left to wait for
		}
	}

	/**
	 * Processes the next event.
	 * @return false when history is exhausted
	 */
	boolean processNextEvent() {
		HistoryEvent e = this.history.next();
		if (e == null) {
			return false;
		}
		if (this.endStatus != WorkflowRuntimeStatus.TERMINATED) {
			handle(e);
		}
		return true;
	}

	private void handle(HistoryEvent e) {
		if (this.actions.matchRecord(e, this.started == null ? "?" : this.started.name(), this.instanceId)) {
			return;
		}
		if (e instanceof WorkflowStarted ws) {
			this.currentInstant = ws.timestamp();
		}
		else if (e instanceof ExecutionStarted es) {
			if (this.started == null) {
				this.started = es;
				if (this.currentInstant == null) {
					this.currentInstant = es.timestamp();
				}
			}
		}
		else if (e instanceof ExecutionTerminated t) {
			this.endStatus = WorkflowRuntimeStatus.TERMINATED;
			this.endOutput = t.output();
			if (this.codeRunning) {
				throw Signals.Terminated.INSTANCE;
			}
		}
		else if (e instanceof TaskCompleted tc) {
			this.actions.complete(tc.taskScheduledId(), tc.result());
		}
		else if (e instanceof TaskFailed tf) {
			this.actions.fail(tf.taskScheduledId(), tf.failure());
		}
		else if (e instanceof TimerFired tf) {
			this.actions.complete(tf.timerId(), null);
		}
		else if (e instanceof ChildWorkflowCompleted cc) {
			this.actions.childEnded(cc.taskScheduledId());
			this.actions.complete(cc.taskScheduledId(), cc.result());
		}
		else if (e instanceof ChildWorkflowFailed cf) {
			this.actions.childEnded(cf.taskScheduledId());
			this.actions.fail(cf.taskScheduledId(), cf.failure());
		}
		else if (e instanceof EventRaised er) {
			this.externalEvents.arrived(er);
		}
		// ExecutionCompleted: a finished run is never replayed further. Suspend and resume are the
		// cursor's.
	}

	/** The events a continue-as-new carries to the next run: raised and not awaited, if kept. */
	List<HistoryEvent> carriedEvents() {
		if (!this.preserveUnprocessedEvents) {
			return List.of();
		}
		List<HistoryEvent> out = new ArrayList<>(this.externalEvents.unclaimed());
		out.addAll(this.history.heldEvents());
		return out;
	}

	String checkedPayload(Object value, String what) {
		String json = this.converter.serialize(value);
		Payloads.check(json, this.maxPayloadBytes, what);
		return json;
	}

	// ---- WorkflowContext

	@Override
	public String getName() {
		return this.started.name();
	}

	@Override
	public String getInstanceId() {
		return this.instanceId;
	}

	@Override
	public Instant getCurrentInstant() {
		return this.currentInstant;
	}

	@Override
	public boolean isReplaying() {
		return this.history.replaying();
	}

	@Override
	public boolean isPatched(String patchName) {
		return this.actions.patches().isPatched(patchName, isReplaying());
	}

	@Override
	public Logger getLogger() {
		if (this.logger == null) {
			this.logger = ReplayLogger.of(this.started.name(), this::isReplaying);
		}
		return this.logger;
	}

	@Override
	public <V> Task<V> callActivity(String name, Object input, TaskOptions options, Class<V> resultType) {
		return this.calls.callActivity(name, input, options, resultType);
	}

	@Override
	public Task<Void> createTimer(Duration delay) {
		return newTimer(instantAfter(Objects.requireNonNull(delay, "delay")));
	}

	@Override
	public Task<Void> createTimer(Instant fireAt) {
		return newTimer(Objects.requireNonNull(fireAt, "fireAt"));
	}

	/** The current instant plus a delay, saturating at the latest fire time instead of overflowing. */
	Instant instantAfter(Duration delay) {
		return TimeBounds.plus(this.currentInstant, delay);
	}

	PayloadTask<Void> newTimer(Instant requested) {
		// A fire time past the bound would overflow some stores' time columns and fire at once;
		// clamped, it never fires in practice, the same on every backend.
		Instant fireAt = TimeBounds.clamp(requested);
		int id = this.actions.nextId();
		PayloadTask<Void> task = new PayloadTask<>(this, "timer", id, Void.class);
		this.actions.add(new StartTimer(id, fireAt), task);
		return task;
	}

	@Override
	public <V> Task<V> waitForExternalEvent(String name, Duration timeout, Class<V> dataType) {
		return this.calls.waitForExternalEvent(name, timeout, dataType);
	}

	@Override
	public <V> Task<V> callChildWorkflow(String name, Object input, String instanceId, TaskOptions options,
			Class<V> resultType) {
		return this.calls.callChildWorkflow(name, input, instanceId, options, resultType);
	}

	@Override
	public void sendEvent(String instanceId, String eventName, Object payload) {
		this.calls.sendEvent(instanceId, eventName, payload);
	}

	@Override
	public ParentInstance getParentInstance() {
		ExecutionStarted.ParentInstance parent = this.started.parent();
		return parent == null ? null : new ParentInstance(parent.name(), parent.instanceId(), null);
	}

	@Override
	public <V> V getInput(Class<V> type) {
		return this.converter.deserialize(this.started.input(), type);
	}

	@Override
	public void continueAsNew(Object input, boolean preserveUnprocessedEvents) {
		this.endOutput = checkedPayload(input, "input of continueAsNew");
		this.preserveUnprocessedEvents = preserveUnprocessedEvents;
		this.endStatus = WorkflowRuntimeStatus.CONTINUED_AS_NEW;
		throw Signals.ContinueAsNew.INSTANCE;
	}

	@Override
	public void complete(Object output) {
		this.endOutput = checkedPayload(output, "output of workflow '" + this.started.name() + "'");
		this.endStatus = WorkflowRuntimeStatus.COMPLETED;
		throw Signals.Completed.INSTANCE;
	}

	@Override
	public <V> Task<List<V>> allOf(List<Task<V>> tasks) {
		return new AllOfTask<>(this, tasks);
	}

	@Override
	public Task<Task<?>> anyOf(List<Task<?>> tasks) {
		return new AnyOfTask(this, tasks);
	}

	@Override
	public void setCustomStatus(Object status) {
		this.customStatus = checkedPayload(status, "custom status");
	}

	@Override
	public UUID newUuid() {
		String seed = this.instanceId + '|' + this.started.executionId() + '|' + (this.uuidCounter++);
		return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
	}

}
