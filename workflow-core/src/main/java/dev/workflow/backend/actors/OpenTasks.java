package dev.workflow.backend.actors;

import java.util.HashSet;
import java.util.Set;

import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;

/**
 * The task, timer and child ids a workflow run scheduled whose completion has not arrived, so the
 * workflow actor takes each completion once and drops duplicates and completions of tasks never
 * scheduled. Not thread-safe: owned by one actor.
 */
final class OpenTasks {

	private final Set<Integer> open = new HashSet<>();

	/** Follows one recorded or queued event: a schedule opens an id, a completion closes it. */
	void track(HistoryEvent e) {
		if (e instanceof TaskScheduled t) {
			this.open.add(t.eventId());
		}
		else if (e instanceof TimerCreated t) {
			this.open.add(t.eventId());
		}
		else if (e instanceof ChildWorkflowCreated c) {
			this.open.add(c.eventId());
		}
		else {
			Integer done = completedId(e);
			if (done != null) {
				this.open.remove(done);
			}
		}
	}

	/**
	 * Whether an arriving event is taken: anything but a completion, or the first completion of an
	 * open id (which it closes).
	 */
	boolean admit(HistoryEvent e) {
		Integer completes = completedId(e);
		return completes == null || this.open.remove(completes);
	}

	int size() {
		return this.open.size();
	}

	void clear() {
		this.open.clear();
	}

	/** The id an event completes, or null if it completes none. */
	static Integer completedId(HistoryEvent e) {
		if (e instanceof TaskCompleted t) {
			return t.taskScheduledId();
		}
		if (e instanceof TaskFailed t) {
			return t.taskScheduledId();
		}
		if (e instanceof TimerFired t) {
			return t.timerId();
		}
		if (e instanceof ChildWorkflowCompleted c) {
			return c.taskScheduledId();
		}
		if (e instanceof ChildWorkflowFailed c) {
			return c.taskScheduledId();
		}
		return null;
	}

	/** Closes an id; whether it was open. */
	boolean remove(Integer id) {
		return this.open.remove(id);
	}

}
