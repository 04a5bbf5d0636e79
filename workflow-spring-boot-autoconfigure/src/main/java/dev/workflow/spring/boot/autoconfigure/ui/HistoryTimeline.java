package dev.workflow.spring.boot.autoconfigure.ui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.workflow.FailureDetails;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.EventRaised;
import dev.workflow.history.EventSent;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;

/**
 * Turns a history into the bars of the dashboard's timeline: an activity, timer or child workflow
 * is a bar from when it was scheduled to when its result was recorded; an event raised or sent is
 * a point; a suspension is a bar until the resume. A pure function of the history, so it is tested
 * without a runtime.
 */
final class HistoryTimeline {

	private HistoryTimeline() {
	}

	/**
	 * One bar.
	 * @param kind activity, timer, child, event, sent or suspended
	 * @param name the activity, child workflow or event name (a timer's fire time)
	 * @param start when it began
	 * @param end when it ended, or null while it is open
	 * @param outcome completed, failed, fired, pending, received, sent or resumed
	 * @param instanceId the child's or target's instance id, or null
	 * @param detail a failure message or a payload, or null
	 */
	record Bar(String kind, String name, Instant start, Instant end, String outcome, String instanceId,
			String detail) {

		Bar finish(Instant at, String result, String text) {
			return new Bar(this.kind, this.name, this.start, at, result, this.instanceId, text);
		}

	}

	/**
	 * Bars in the order their work began.
	 * @param history the instance's history, oldest first
	 * @return the bars
	 */
	static List<Bar> bars(List<HistoryEvent> history) {
		List<Bar> bars = new ArrayList<>();
		// scheduled ids are unique per kind within one execution; continue-as-new starts a new
		// history, so one map per kind is enough
		Map<Integer, Integer> tasks = new HashMap<>();
		Map<Integer, Integer> timers = new HashMap<>();
		Map<Integer, Integer> children = new HashMap<>();
		Integer suspension = null;
		for (HistoryEvent event : history) {
			if (event instanceof TaskScheduled e) {
				tasks.put(e.eventId(), bars.size());
				bars.add(new Bar("activity", e.name(), e.timestamp(), null, "pending", null, null));
			}
			else if (event instanceof TaskCompleted e) {
				finish(bars, tasks.get(e.taskScheduledId()), e.timestamp(), "completed", null);
			}
			else if (event instanceof TaskFailed e) {
				finish(bars, tasks.get(e.taskScheduledId()), e.timestamp(), "failed", message(e.failure()));
			}
			else if (event instanceof TimerCreated e) {
				timers.put(e.eventId(), bars.size());
				bars.add(new Bar("timer", "until " + e.fireAt(), e.timestamp(), null, "pending", null, null));
			}
			else if (event instanceof TimerFired e) {
				finish(bars, timers.get(e.timerId()), e.timestamp(), "fired", null);
			}
			else if (event instanceof ChildWorkflowCreated e) {
				children.put(e.eventId(), bars.size());
				bars.add(new Bar("child", e.name(), e.timestamp(), null, "pending", e.instanceId(), null));
			}
			else if (event instanceof ChildWorkflowCompleted e) {
				finish(bars, children.get(e.taskScheduledId()), e.timestamp(), "completed", null);
			}
			else if (event instanceof ChildWorkflowFailed e) {
				finish(bars, children.get(e.taskScheduledId()), e.timestamp(), "failed", message(e.failure()));
			}
			else if (event instanceof EventRaised e) {
				bars.add(new Bar("event", e.name(), e.timestamp(), e.timestamp(), "received", null, e.input()));
			}
			else if (event instanceof EventSent e) {
				bars.add(new Bar("sent", e.name(), e.timestamp(), e.timestamp(), "sent", e.instanceId(), e.input()));
			}
			else if (event instanceof ExecutionSuspended e) {
				suspension = bars.size();
				bars.add(new Bar("suspended", "suspended", e.timestamp(), null, "pending", null, e.reason()));
			}
			else if (event instanceof ExecutionResumed e) {
				finish(bars, suspension, e.timestamp(), "resumed", null);
				suspension = null;
			}
			// turn markers, start and completion are the axis, not bars
		}
		return bars;
	}

	private static void finish(List<Bar> bars, Integer index, Instant at, String outcome, String detail) {
		if (index != null) {
			Bar bar = bars.get(index);
			bars.set(index, bar.finish(at, outcome, detail != null ? detail : bar.detail()));
		}
	}

	private static String message(FailureDetails failure) {
		return failure == null ? null : failure.getErrorType() + ": " + failure.getErrorMessage();
	}

}
