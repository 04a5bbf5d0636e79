package dev.workflow.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.EventRaised;
import dev.workflow.history.EventSent;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.WorkflowStarted;

/**
 * Walks a turn's history, the recorded events then the new ones, and holds back inputs while the
 * run is suspended. A suspension holds results, raised events and fired timers until the resume,
 * then hands them out in their original order before the events after the resume; the records of
 * the code's own actions and the lifecycle events are never held, or a replay would schedule the
 * same work a second time.
 */
final class HistoryCursor {

	private final List<HistoryEvent> events;

	private final int pastCount;

	private int position;

	private boolean replaying;

	private boolean suspended;

	private final Deque<HistoryEvent> held = new ArrayDeque<>();

	private final Deque<HistoryEvent> released = new ArrayDeque<>();

	HistoryCursor(List<HistoryEvent> past, List<HistoryEvent> newEvents) {
		this.events = new ArrayList<>(past.size() + newEvents.size());
		this.events.addAll(past);
		this.events.addAll(newEvents);
		this.pastCount = past.size();
	}

	/**
	 * The next event to apply, skipping (holding) inputs while suspended.
	 * @return the event, or null when history is exhausted
	 */
	HistoryEvent next() {
		while (true) {
			HistoryEvent e;
			if (!this.suspended && !this.released.isEmpty()) {
				e = this.released.poll();
			}
			else if (this.position < this.events.size()) {
				e = this.events.get(this.position++);
				this.replaying = this.position <= this.pastCount;
			}
			else {
				return null;
			}
			if (this.suspended && isInput(e)) {
				this.held.add(e);
				continue;
			}
			if (e instanceof ExecutionSuspended) {
				this.suspended = true;
			}
			else if (e instanceof ExecutionResumed && this.suspended) {
				this.suspended = false;
				this.released.addAll(this.held);
				this.held.clear();
			}
			return e;
		}
	}

	private static boolean isInput(HistoryEvent e) {
		return !(e instanceof ExecutionResumed || e instanceof ExecutionTerminated || e instanceof ExecutionSuspended
				|| e instanceof WorkflowStarted || e instanceof ExecutionStarted || e instanceof TaskScheduled
				|| e instanceof TimerCreated || e instanceof ChildWorkflowCreated || e instanceof EventSent);
	}

	/** Whether the last event handed out was recorded before this turn. */
	boolean replaying() {
		return this.replaying;
	}

	boolean suspended() {
		return this.suspended;
	}

	/** Raised events held back by a suspension that has not been lifted. */
	List<EventRaised> heldEvents() {
		List<EventRaised> out = new ArrayList<>();
		for (HistoryEvent e : this.held) {
			if (e instanceof EventRaised raised) {
				out.add(raised);
			}
		}
		return out;
	}

}
