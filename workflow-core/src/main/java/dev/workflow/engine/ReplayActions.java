package dev.workflow.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.workflow.FailureDetails;
import dev.workflow.NonDeterminismException;
import dev.workflow.TaskFailedException;
import dev.workflow.engine.ReplayTasks.PayloadTask;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.EventSent;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;

/**
 * The actions workflow code took in one turn, from scheduling to result. Each action gets the next
 * sequence number; a recorded {@code TaskScheduled}, {@code TimerCreated} or
 * {@code ChildWorkflowCreated} must find the same kind of action under its number, or the code is
 * not deterministic. Actions left unmatched when the turn ends are its new work. The task the code
 * awaits for an action stays open until history brings its result.
 */
final class ReplayActions {

	/** An action the code took: scheduling an activity, a timer or a child. */
	sealed interface Action permits ScheduleActivity, StartTimer, StartChild, SendEvent {

		int id();

		HistoryEvent toEvent(Instant now);

	}

	/** An activity call; {@code appId} names the app that runs it, or is null for any app. */
	record ScheduleActivity(int id, String name, String input, String appId) implements Action {
		@Override
		public HistoryEvent toEvent(Instant now) {
			return new TaskScheduled(now, this.id, this.name, this.input, this.appId);
		}
	}

	record StartTimer(int id, Instant fireAt) implements Action {
		@Override
		public HistoryEvent toEvent(Instant now) {
			return new TimerCreated(now, this.id, this.fireAt);
		}
	}

	/** A child start; {@code appId} names the app that runs the child, or is null for any app. */
	record StartChild(int id, String name, String instanceId, String input, String appId) implements Action {
		@Override
		public HistoryEvent toEvent(Instant now) {
			return new ChildWorkflowCreated(now, this.id, this.name, this.instanceId, this.input, this.appId);
		}
	}

	record SendEvent(int id, String instanceId, String name, String input) implements Action {
		@Override
		public HistoryEvent toEvent(Instant now) {
			return new EventSent(now, this.id, this.instanceId, this.name, this.input);
		}
	}

	private final Map<Integer, Action> pending = new LinkedHashMap<>();

	private final Map<Integer, PayloadTask<?>> openTasks = new HashMap<>();

	/** Children started and not finished, by task id: a terminated parent terminates them. */
	private final Map<Integer, String> openChildren = new LinkedHashMap<>();

	private int sequence;

	private NonDeterminismException firstMismatch;

	/** The id the next action gets. */
	int nextId() {
		return this.sequence++;
	}

	/** Records an action the code took, and the task that completes with its result (null for none). */
	void add(Action action, PayloadTask<?> task) {
		if (task != null) {
			this.openTasks.put(action.id(), task);
		}
		this.pending.put(action.id(), action);
		if (action instanceof StartChild child) {
			this.openChildren.put(child.id(), child.instanceId());
		}
	}

	/** Completes the task of an action with its result; a result for no open task is ignored. */
	void complete(int id, String result) {
		PayloadTask<?> t = this.openTasks.remove(id);
		if (t != null) {
			t.complete(result);
		}
	}

	/** Fails the task of an action; a failure for no open task is ignored. */
	void fail(int id, FailureDetails failure) {
		PayloadTask<?> t = this.openTasks.remove(id);
		if (t != null) {
			t.fail(new TaskFailedException(t.name, t.id, failure));
		}
	}

	/** Closes the task of an action without a result (it timed out): a late result is ignored. */
	void abandon(int id) {
		this.openTasks.remove(id);
	}

	/** The actions history has no record of yet, in the order the code took them. */
	Collection<Action> unmatched() {
		return Collections.unmodifiableCollection(this.pending.values());
	}

	/** Forgets the unmatched actions: the turn keeps none of its new work. */
	void dropUnmatched() {
		this.pending.clear();
	}

	/** A child's result arrived: it needs no termination any more. */
	void childEnded(int taskId) {
		this.openChildren.remove(taskId);
	}

	/** The instance ids of children that were started (recorded in history) and have not finished. */
	List<String> runningChildren() {
		List<String> ids = new ArrayList<>();
		this.openChildren.forEach((taskId, childId) -> {
			if (!this.pending.containsKey(taskId)) {
				ids.add(childId);
			}
		});
		return ids;
	}

	/** The first mismatch between history and code in this turn, or null. */
	NonDeterminismException firstMismatch() {
		return this.firstMismatch;
	}

	/**
	 * Matches a scheduling record of history with the action the code took under its number.
	 * @param recorded the event
	 * @param workflow the workflow's name, for the message
	 * @param instanceId the instance, for the message
	 * @return false when the event is no scheduling record
	 * @throws NonDeterminismException when the code did something else (the first one is kept)
	 */
	boolean matchRecord(HistoryEvent recorded, String workflow, String instanceId) {
		if (recorded instanceof TaskScheduled ts) {
			match(recorded, ts.eventId(), a -> a instanceof ScheduleActivity s && s.name().equals(ts.name()), workflow,
					instanceId);
		}
		else if (recorded instanceof TimerCreated tc) {
			match(recorded, tc.eventId(), a -> a instanceof StartTimer, workflow, instanceId);
		}
		else if (recorded instanceof ChildWorkflowCreated cc) {
			match(recorded, cc.eventId(), a -> a instanceof StartChild s && s.name().equals(cc.name()), workflow,
					instanceId);
		}
		else if (recorded instanceof EventSent es) {
			match(recorded, es.eventId(), a -> a instanceof SendEvent s && s.name().equals(es.name())
					&& s.instanceId().equals(es.instanceId()), workflow, instanceId);
		}
		else {
			return false;
		}
		return true;
	}

	private void match(HistoryEvent recorded, int id, Predicate<Action> fits, String workflow, String instanceId) {
		Action action = this.pending.get(id);
		if (action == null || !fits.test(action)) {
			String actual = action == null ? "the code did not take action #" + id + " at this point"
					: "the code now does " + describe(action);
			NonDeterminismException ex = new NonDeterminismException("Non-deterministic workflow '" + workflow
					+ "' (instance '" + instanceId + "'): history has " + describe(recorded) + " but " + actual
					+ ". Workflow code must take the same actions in the same order on replay; "
					+ "version changes by starting new instances under a new workflow name.");
			if (this.firstMismatch == null) {
				this.firstMismatch = ex;
			}
			throw ex;
		}
		this.pending.remove(id);
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
		if (eventOrAction instanceof EventSent e) {
			return "EventSent #" + e.eventId() + " (event '" + e.name() + "' to instance '" + e.instanceId() + "')";
		}
		if (eventOrAction instanceof Action a) {
			return describe(a.toEvent(Instant.EPOCH));
		}
		return String.valueOf(eventOrAction);
	}

	/** The run's patches; kept here so the executor reads the ones applied after the turn. */
	private final Patches patches = new Patches();

	Patches patches() {
		return this.patches;
	}

}
