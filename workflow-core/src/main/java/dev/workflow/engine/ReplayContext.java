package dev.workflow.engine;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.DataConverter;
import dev.workflow.FailureDetails;
import dev.workflow.NonDeterminismException;
import dev.workflow.Task;
import dev.workflow.TaskCanceledException;
import dev.workflow.TaskFailedException;
import dev.workflow.TaskOptions;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.engine.ReplayTasks.AllOfTask;
import dev.workflow.engine.ReplayTasks.AnyOfTask;
import dev.workflow.engine.ReplayTasks.BaseTask;
import dev.workflow.engine.ReplayTasks.PayloadTask;
import dev.workflow.engine.ReplayTasks.RetriableTask;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.EventRaised;
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
 * The workflow context of one turn. It walks the history (recorded events, then new ones) lazily:
 * events are consumed only when workflow code awaits a task that is not done, so a replay consumes
 * them at exactly the points the original run did. Actions the code takes are matched against the
 * scheduling events in history; actions without a match are the turn's new work.
 */
final class ReplayContext implements WorkflowContext {

	/** An action the code took: scheduling an activity, a timer or a child. */
	sealed interface Action permits ScheduleActivity, StartTimer, StartChild {

		int id();

		HistoryEvent toEvent(Instant now);

	}

	record ScheduleActivity(int id, String name, String input) implements Action {
		@Override
		public HistoryEvent toEvent(Instant now) {
			return new TaskScheduled(now, this.id, this.name, this.input);
		}
	}

	record StartTimer(int id, Instant fireAt) implements Action {
		@Override
		public HistoryEvent toEvent(Instant now) {
			return new TimerCreated(now, this.id, this.fireAt);
		}
	}

	record StartChild(int id, String name, String instanceId, String input) implements Action {
		@Override
		public HistoryEvent toEvent(Instant now) {
			return new ChildWorkflowCreated(now, this.id, this.name, this.instanceId, this.input);
		}
	}

	/** Told of an activity call whose timeout fired, so the engine can interrupt its thread. */
	@FunctionalInterface
	interface ActivityTimeouts {

		void timedOut(String instanceId, String executionId, int taskId);

	}

	/** Set by the executor; null when nobody needs to know. */
	ActivityTimeouts onActivityTimeout;

	private final String instanceId;

	private final DataConverter converter;

	private final long maxPayloadBytes;

	private final List<HistoryEvent> events;

	private final int pastCount;

	private int cursor;

	private boolean replaying;

	private ExecutionStarted started;

	private Instant currentInstant;

	private int sequence;

	private long uuidCounter;

	final Map<Integer, Action> pendingActions = new LinkedHashMap<>();

	private final Map<Integer, BaseTask<?>> openTasks = new HashMap<>();

	final Map<Integer, String> openChildren = new LinkedHashMap<>();

	private final Map<String, Deque<PayloadTask<?>>> eventWaiters = new HashMap<>();

	final List<EventRaised> bufferedEvents = new ArrayList<>();

	private final Deque<HistoryEvent> heldWhileSuspended = new ArrayDeque<>();

	private final Deque<HistoryEvent> released = new ArrayDeque<>();

	boolean suspended;

	boolean codeRunning;

	String customStatus;

	/** Set when the run ends by termination or continue-as-new. */
	WorkflowRuntimeStatus endStatus;

	String endOutput;

	boolean preserveUnprocessedEvents;

	NonDeterminismException nonDeterminism;

	private Logger logger;

	ReplayContext(String instanceId, List<HistoryEvent> past, List<HistoryEvent> newEvents, DataConverter converter,
			long maxPayloadBytes) {
		this.instanceId = instanceId;
		this.converter = converter;
		this.maxPayloadBytes = maxPayloadBytes;
		this.events = new ArrayList<>(past.size() + newEvents.size());
		this.events.addAll(past);
		this.events.addAll(newEvents);
		this.pastCount = past.size();
	}

	DataConverter converter() {
		return this.converter;
	}

	ExecutionStarted started() {
		return this.started;
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
	 * Processes the next event.
	 * @return false when history is exhausted
	 */
	boolean processNextEvent() {
		HistoryEvent e;
		if (!this.suspended && !this.released.isEmpty()) {
			e = this.released.poll();
		}
		else if (this.cursor < this.events.size()) {
			e = this.events.get(this.cursor++);
			this.replaying = this.cursor <= this.pastCount;
		}
		else {
			return false;
		}
		handle(e);
		return true;
	}

	private void handle(HistoryEvent e) {
		if (this.endStatus == WorkflowRuntimeStatus.TERMINATED) {
			return;
		}
		// While suspended, inputs (results, events, timers) are held; records of the code's own actions
		// are not inputs and must still be matched, or a replay would schedule them a second time.
		if (this.suspended && !(e instanceof ExecutionResumed || e instanceof ExecutionTerminated
				|| e instanceof ExecutionSuspended || e instanceof WorkflowStarted || e instanceof ExecutionStarted
				|| e instanceof TaskScheduled || e instanceof TimerCreated || e instanceof ChildWorkflowCreated)) {
			this.heldWhileSuspended.add(e);
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
		else if (e instanceof ExecutionSuspended) {
			this.suspended = true;
		}
		else if (e instanceof ExecutionResumed) {
			if (this.suspended) {
				this.suspended = false;
				this.released.addAll(this.heldWhileSuspended);
				this.heldWhileSuspended.clear();
			}
		}
		else if (e instanceof ExecutionTerminated t) {
			this.endStatus = WorkflowRuntimeStatus.TERMINATED;
			this.endOutput = t.output();
			if (this.codeRunning) {
				throw Signals.Terminated.INSTANCE;
			}
		}
		else if (e instanceof TaskScheduled ts) {
			match(ts.eventId(), e, a -> a instanceof ScheduleActivity s && s.name().equals(ts.name()));
		}
		else if (e instanceof TimerCreated tc) {
			match(tc.eventId(), e, a -> a instanceof StartTimer);
		}
		else if (e instanceof ChildWorkflowCreated cc) {
			match(cc.eventId(), e, a -> a instanceof StartChild s && s.name().equals(cc.name()));
		}
		else if (e instanceof TaskCompleted tc) {
			if (this.openTasks.remove(tc.taskScheduledId()) instanceof PayloadTask<?> t) {
				t.complete(tc.result());
			}
		}
		else if (e instanceof TaskFailed tf) {
			if (this.openTasks.remove(tf.taskScheduledId()) instanceof PayloadTask<?> t) {
				t.fail(new TaskFailedException(t.name, t.id, tf.failure()));
			}
		}
		else if (e instanceof TimerFired tf) {
			if (this.openTasks.remove(tf.timerId()) instanceof PayloadTask<?> t) {
				t.complete(null);
			}
		}
		else if (e instanceof ChildWorkflowCompleted cc) {
			this.openChildren.remove(cc.taskScheduledId());
			if (this.openTasks.remove(cc.taskScheduledId()) instanceof PayloadTask<?> t) {
				t.complete(cc.result());
			}
		}
		else if (e instanceof ChildWorkflowFailed cf) {
			this.openChildren.remove(cf.taskScheduledId());
			if (this.openTasks.remove(cf.taskScheduledId()) instanceof PayloadTask<?> t) {
				t.fail(new TaskFailedException(t.name, t.id, cf.failure()));
			}
		}
		else if (e instanceof EventRaised er) {
			Deque<PayloadTask<?>> waiters = this.eventWaiters.get(key(er.name()));
			PayloadTask<?> waiter = waiters == null ? null : waiters.poll();
			if (waiter != null) {
				waiter.complete(er.input());
			}
			else {
				this.bufferedEvents.add(er);
			}
		}
		// ExecutionCompleted: a finished run is never replayed further.
	}

	private void match(int id, HistoryEvent recorded, java.util.function.Predicate<Action> fits) {
		Action action = this.pendingActions.get(id);
		if (action == null || !fits.test(action)) {
			String actual = action == null ? "the code did not take action #" + id + " at this point"
					: "the code now does " + describe(action);
			NonDeterminismException ex = new NonDeterminismException("Non-deterministic workflow '"
					+ (this.started == null ? "?" : this.started.name()) + "' (instance '" + this.instanceId
					+ "'): history has " + describe(recorded) + " but " + actual
					+ ". Workflow code must take the same actions in the same order on replay; "
					+ "version changes by starting new instances under a new workflow name.");
			if (this.nonDeterminism == null) {
				this.nonDeterminism = ex; // the first mismatch is the one to report
			}
			throw ex;
		}
		this.pendingActions.remove(id);
	}

	static String describe(Object eventOrAction) {
		if (eventOrAction instanceof TaskScheduled t) {
			return "TaskScheduled #" + t.eventId() + " (activity '" + t.name() + "')";
		}
		if (eventOrAction instanceof TimerCreated t) {
			return "TimerCreated #" + t.eventId() + " (fires at " + t.fireAt() + ")";
		}
		if (eventOrAction instanceof ChildWorkflowCreated c) {
			return "ChildWorkflowCreated #" + c.eventId() + " (workflow '" + c.name() + "')";
		}
		if (eventOrAction instanceof Action a) {
			return describe(a.toEvent(Instant.EPOCH));
		}
		return String.valueOf(eventOrAction);
	}

	private static String key(String eventName) {
		return eventName.toLowerCase(Locale.ROOT);
	}

	/** Remaining unprocessed events that were raised but not awaited, for continue-as-new. */
	List<HistoryEvent> unprocessedEvents() {
		List<HistoryEvent> out = new ArrayList<>(this.bufferedEvents);
		this.heldWhileSuspended.stream().filter(EventRaised.class::isInstance).forEach(out::add);
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
		return this.replaying;
	}

	@Override
	public Logger getLogger() {
		if (this.logger == null) {
			Logger target = LoggerFactory.getLogger("dev.workflow.Workflow." + this.started.name());
			this.logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
					(proxy, method, args) -> {
						boolean logs = method.getName().matches("trace|debug|info|warn|error")
								&& method.getReturnType() == void.class;
						if (logs && this.replaying) {
							return null;
						}
						try {
							return method.invoke(target, args);
						}
						catch (java.lang.reflect.InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}
		return this.logger;
	}

	@Override
	public <V> Task<V> callActivity(String name, Object input, TaskOptions options, Class<V> resultType) {
		Names.validate(name, "activity");
		String json = checkedPayload(input, "input of activity '" + name + "'");
		Duration timeout = options == null ? null : options.getTimeout();
		if (options != null && options.getRetryPolicy() != null) {
			return new RetriableTask<>(this, () -> scheduleActivity(name, json, resultType, timeout),
					options.getRetryPolicy());
		}
		return scheduleActivity(name, json, resultType, timeout);
	}

	/**
	 * Schedules an activity call; with a timeout, also a durable timer that fails the call when
	 * it fires first. The timer makes the timeout hold across restarts; a result that arrives after
	 * it is ignored like any result for a task that is no longer open.
	 */
	private <V> PayloadTask<V> scheduleActivity(String name, String json, Class<V> resultType, Duration timeout) {
		PayloadTask<V> task = scheduleActivity(name, json, resultType);
		if (timeout != null) {
			newTimer(this.currentInstant.plus(timeout)).onDone(() -> {
				if (!task.isDone()) {
					this.openTasks.remove(task.id);
					task.fail(new TaskFailedException(name, task.id, new dev.workflow.FailureDetails(
							java.util.concurrent.TimeoutException.class.getName(), "Activity '" + name + "' (task #"
									+ task.id + ") did not complete within its timeout of " + timeout,
							null)));
					if (!this.replaying && this.onActivityTimeout != null) {
						this.onActivityTimeout.timedOut(this.instanceId, this.started.executionId(), task.id);
					}
				}
			});
		}
		return task;
	}

	private <V> PayloadTask<V> scheduleActivity(String name, String json, Class<V> resultType) {
		int id = this.sequence++;
		this.pendingActions.put(id, new ScheduleActivity(id, name, json));
		PayloadTask<V> task = new PayloadTask<>(this, name, id, resultType);
		this.openTasks.put(id, task);
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
		int id = this.sequence++;
		this.pendingActions.put(id, new StartTimer(id, fireAt));
		PayloadTask<Void> task = new PayloadTask<>(this, "timer", id, Void.class);
		this.openTasks.put(id, task);
		return task;
	}

	@Override
	public <V> Task<V> waitForExternalEvent(String name, Duration timeout, Class<V> dataType) {
		Names.validate(name, "event");
		PayloadTask<V> task = new PayloadTask<>(this, name, -1, dataType);
		for (int i = 0; i < this.bufferedEvents.size(); i++) {
			if (key(this.bufferedEvents.get(i).name()).equals(key(name))) {
				task.complete(this.bufferedEvents.remove(i).input());
				return task;
			}
		}
		Deque<PayloadTask<?>> waiters = this.eventWaiters.computeIfAbsent(key(name), k -> new ArrayDeque<>());
		waiters.add(task);
		if (timeout != null && !timeout.isNegative()) {
			if (timeout.isZero()) {
				waiters.remove(task);
				task.cancel(new TaskCanceledException("No external event '" + name + "' was waiting (timeout 0)", name));
			}
			else {
				newTimer(instantAfter(timeout)).onDone(() -> {
					if (!task.isDone()) {
						waiters.remove(task);
						task.cancel(new TaskCanceledException(
								"Timed out after " + timeout + " waiting for external event '" + name + "'", name));
					}
				});
			}
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
		if (options != null && options.getRetryPolicy() != null) {
			return new RetriableTask<>(this, () -> startChild(name, json, instanceId, resultType),
					options.getRetryPolicy());
		}
		return startChild(name, json, instanceId, resultType);
	}

	private <V> PayloadTask<V> startChild(String name, String json, String requestedId, Class<V> resultType) {
		int id = this.sequence++;
		String childId = requestedId != null ? requestedId : InstanceIds.childId(this.instanceId, this.started.executionId(), id);
		this.pendingActions.put(id, new StartChild(id, name, childId, json));
		this.openChildren.put(id, childId);
		PayloadTask<V> task = new PayloadTask<>(this, name, id, resultType);
		this.openTasks.put(id, task);
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
