package dev.workflow.engine;

import java.util.List;

import dev.workflow.TraceContext;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Which stored trace a workflow turn continues: the newest raised event of the turn that carries
 * one (the turn runs because of it), else the run's start. What the turn schedules (activities,
 * children, sent events, the next run) inherits it, so one instance's work stays in its
 * caller's trace across processes and restarts.
 */
final class TurnTraces {

	private TurnTraces() {
	}

	/**
	 * The trace of a turn.
	 * @param history the recorded history
	 * @param newEvents the turn's new events
	 * @return the trace context, or null when none was stored
	 */
	static TraceContext of(List<HistoryEvent> history, List<HistoryEvent> newEvents) {
		TraceContext fromEvents = newest(newEvents);
		if (fromEvents != null) {
			return fromEvents;
		}
		for (int i = history.size() - 1; i >= 0; i--) {
			if (history.get(i) instanceof ExecutionStarted s) {
				return TraceContext.ofNullable(s.traceParent(), s.traceState());
			}
		}
		return null;
	}

	/**
	 * The trace of a turn of a run whose start is known.
	 * @param started the run's start
	 * @param newEvents the turn's new events
	 * @return the trace context, or null when none was stored
	 */
	static TraceContext of(ExecutionStarted started, List<HistoryEvent> newEvents) {
		TraceContext fromEvents = newest(newEvents);
		return fromEvents != null ? fromEvents : TraceContext.ofNullable(started.traceParent(), started.traceState());
	}

	private static TraceContext newest(List<HistoryEvent> newEvents) {
		for (int i = newEvents.size() - 1; i >= 0; i--) {
			HistoryEvent e = newEvents.get(i);
			if (e instanceof EventRaised r && r.traceParent() != null) {
				TraceContext context = TraceContext.ofNullable(r.traceParent(), r.traceState());
				if (context != null) {
					return context;
				}
			}
			else if (e instanceof ExecutionStarted s) {
				return TraceContext.ofNullable(s.traceParent(), s.traceState());
			}
		}
		return null;
	}

	/** The stored traceparent of a context, or null. */
	static String parent(TraceContext context) {
		return context == null ? null : context.traceParent();
	}

	/** The stored tracestate of a context, or null. */
	static String state(TraceContext context) {
		return context == null ? null : context.traceState();
	}

}
