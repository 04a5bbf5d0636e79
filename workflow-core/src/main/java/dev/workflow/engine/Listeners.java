package dev.workflow.engine;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.TraceContext;
import dev.workflow.WorkflowExecutionListener;

/**
 * All registered listeners as one; a listener that throws is logged and does not stop the work.
 */
public final class Listeners implements WorkflowExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(Listeners.class);

	private final List<WorkflowExecutionListener> listeners;

	/**
	 * Combines listeners.
	 * @param listeners the listeners, in call order
	 */
	public Listeners(List<WorkflowExecutionListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void workflowScheduled(String workflowName, String instanceId) {
		for (WorkflowExecutionListener l : this.listeners) {
			try {
				l.workflowScheduled(workflowName, instanceId);
			}
			catch (RuntimeException ex) {
				log.warn("Listener {} failed: {}", l, ex.toString());
			}
		}
	}

	@Override
	public Completion workflowTurnStarted(String instanceId) {
		return workflowTurnStarted(instanceId, null);
	}

	@Override
	public Completion workflowTurnStarted(String instanceId, TraceContext traceContext) {
		List<Completion> done = new ArrayList<>(this.listeners.size());
		for (WorkflowExecutionListener l : this.listeners) {
			try {
				done.add(l.workflowTurnStarted(instanceId, traceContext));
			}
			catch (RuntimeException ex) {
				log.warn("Listener {} failed: {}", l, ex.toString());
			}
		}
		return combine(done);
	}

	@Override
	public Completion activityStarted(String activityName, String instanceId) {
		return activityStarted(activityName, instanceId, null);
	}

	@Override
	public Completion activityStarted(String activityName, String instanceId, TraceContext traceContext) {
		List<Completion> done = new ArrayList<>(this.listeners.size());
		for (WorkflowExecutionListener l : this.listeners) {
			try {
				done.add(l.activityStarted(activityName, instanceId, traceContext));
			}
			catch (RuntimeException ex) {
				log.warn("Listener {} failed: {}", l, ex.toString());
			}
		}
		return combine(done);
	}

	@Override
	public TraceContext currentTraceContext() {
		for (WorkflowExecutionListener l : this.listeners) {
			try {
				TraceContext context = l.currentTraceContext();
				if (context != null) {
					return context;
				}
			}
			catch (RuntimeException ex) {
				// a tracer's failure must not stop a schedule: the instance then starts its own trace
				log.warn("Listener {} failed to read the trace context: {}", l, ex.toString());
			}
		}
		return null;
	}

	private static Completion combine(List<Completion> done) {
		if (done.isEmpty()) {
			return Completion.NONE;
		}
		return (name, outcome, error) -> {
			// in reverse, so scopes opened in order close in reverse order
			for (int i = done.size() - 1; i >= 0; i--) {
				try {
					done.get(i).finished(name, outcome, error);
				}
				catch (RuntimeException ex) {
					log.warn("Listener completion failed: {}", ex.toString());
				}
			}
		};
	}

}
