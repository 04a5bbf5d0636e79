package dev.workflow.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;

import dev.workflow.DataConverter;
import dev.workflow.FailureDetails;
import dev.workflow.NonDeterminismException;
import dev.workflow.Task;
import dev.workflow.TaskCanceledException;
import dev.workflow.TaskFailedException;
import dev.workflow.TaskOptions;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.engine.ReplayActions.ScheduleActivity;
import dev.workflow.engine.ReplayActions.StartChild;
import dev.workflow.engine.ReplayActions.StartTimer;
import dev.workflow.engine.ReplayTasks.AllOfTask;
import dev.workflow.engine.ReplayTasks.AnyOfTask;
import dev.workflow.engine.ReplayTasks.BaseTask;
import dev.workflow.engine.ReplayTasks.PayloadTask;
import dev.workflow.engine.ReplayTasks.RetriableTask;
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

	private ExecutionStarted started;

	private Instant currentInstant;

	private long uuidCounter;

	private final ExternalEvents externalEvents = new ExternalEvents();

	private boolean codeRunning;

	private String customStatus;

	/** Set when the run ends by termination or continue-as-new. */
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

	/** Whether the run is suspended at this point of history. */
	boolean suspended() {
		return this.history.suspended();
	}

	String customStatus() {
		return this.customStatus;
	}

	/** How the run ended by itself, by termination or continue-as-new; null otherwise. */
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
	public Logger getLogger() {
		if (this.logger == null) {
			this.logger = ReplayLogger.of(this.started.name(), this::isReplaying);
		}
		return this.logger;
	}

	@Override
	public <V> Task<V> callActivity(String name, Object input, TaskOptions options, Class<V> resultType) {
		Names.validate(name, "activity");
		String json = checkedPayload(input, "input of activity '" + name + "'");
		Duration timeout = options == null ? null : options.getTimeout();
		String appId = options == null ? null : options.getAppId();
		if (options != null && options.getRetryPolicy() != null) {
			return new RetriableTask<>(this, () -> scheduleActivity(name, json, resultType, timeout, appId),
					options.getRetryPolicy());
		}
		return scheduleActivity(name, json, resultType, timeout, appId);
	}

	/**
	 * Schedules an activity call; with a timeout, also a durable timer that fails the call when
	 * it fires first. The timer makes the timeout hold across restarts; a result that arrives after
	 * it is ignored like any result for a task that is no longer open.
	 */
	private <V> PayloadTask<V> scheduleActivity(String name, String json, Class<V> resultType, Duration timeout,
			String appId) {
		int id = this.actions.nextId();
		PayloadTask<V> task = new PayloadTask<>(this, name, id, resultType);
		this.actions.add(new ScheduleActivity(id, name, json, appId), task);
		if (timeout != null) {
			newTimer(this.currentInstant.plus(timeout)).onDone(() -> {
				if (!task.isDone()) {
					this.actions.abandon(task.id);
					task.fail(new TaskFailedException(name, task.id, new FailureDetails(
							TimeoutException.class.getName(), "Activity '" + name + "' (task #"
									+ task.id + ") did not complete within its timeout of " + timeout,
							null)));
					if (!isReplaying() && this.onActivityTimeout != null) {
						this.onActivityTimeout.timedOut(this.instanceId, this.started.executionId(), task.id);
					}
				}
			});
		}
		return task;
	}

	@Override
	public Task<Void> createTimer(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		return newTimer(instantAfter(delay));
	}

	@Override
	public Task<Void> createTimer(Instant fireAt) {
		return newTimer(Objects.requireNonNull(fireAt, "fireAt"));
	}

	/** The current instant plus a delay, saturating at the latest fire time instead of overflowing. */
	Instant instantAfter(Duration delay) {
		return TimeBounds.plus(this.currentInstant, delay);
	}

	BaseTask<Void> newTimer(Instant requested) {
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
		Names.validate(name, "event");
		PayloadTask<V> task = new PayloadTask<>(this, name, -1, dataType);
		if (this.externalEvents.await(name, task) || timeout == null || timeout.isNegative()) {
			return task;
		}
		if (timeout.isZero()) {
			this.externalEvents.withdraw(name, task);
			task.cancel(new TaskCanceledException("No external event '" + name + "' was waiting (timeout 0)", name));
		}
		else {
			newTimer(instantAfter(timeout)).onDone(() -> {
				if (!task.isDone()) {
					this.externalEvents.withdraw(name, task);
					task.cancel(new TaskCanceledException(
							"Timed out after " + timeout + " waiting for external event '" + name + "'", name));
				}
			});
		}
		return task;
	}

	@Override
	public <V> Task<V> callChildWorkflow(String name, Object input, String instanceId, TaskOptions options,
			Class<V> resultType) {
		Names.validate(name, "workflow");
		String json = checkedPayload(input, "input of child workflow '" + name + "'");
		if (instanceId != null) {
			InstanceIds.validate(instanceId);
			if (instanceId.equals(this.instanceId)) {
				// The id is taken by this very instance, so the child could never start and the call
				// would wait for ever; failing the task lets the parent catch it. Nothing is recorded:
				// a replay takes the same path.
				PayloadTask<V> refused = new PayloadTask<>(this, name, -1, resultType);
				refused.fail(new TaskFailedException(name, -1, new FailureDetails(IllegalArgumentException.class.getName(),
						"Child workflow '" + name + "' cannot be started with instance id '" + instanceId
								+ "': that is the calling workflow's own instance id; a child needs an id of its own "
								+ "(or null to derive one)",
						null)));
				return refused;
			}
		}
		String appId = options == null ? null : options.getAppId();
		if (options != null && options.getRetryPolicy() != null) {
			return new RetriableTask<>(this, () -> startChild(name, json, instanceId, resultType, appId),
					options.getRetryPolicy());
		}
		return startChild(name, json, instanceId, resultType, appId);
	}

	private <V> PayloadTask<V> startChild(String name, String json, String requestedId, Class<V> resultType,
			String appId) {
		int id = this.actions.nextId();
		String childId = requestedId != null ? requestedId : InstanceIds.childId(this.instanceId, this.started.executionId(), id);
		PayloadTask<V> task = new PayloadTask<>(this, name, id, resultType);
		this.actions.add(new StartChild(id, name, childId, json, appId), task);
		return task;
	}

	@Override
	public void continueAsNew(Object input, boolean preserveUnprocessedEvents) {
		this.endOutput = checkedPayload(input, "input of continueAsNew");
		this.preserveUnprocessedEvents = preserveUnprocessedEvents;
		this.endStatus = WorkflowRuntimeStatus.CONTINUED_AS_NEW;
		throw Signals.ContinueAsNew.INSTANCE;
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
