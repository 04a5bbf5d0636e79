package dev.workflow.spring.boot.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;

import dev.workflow.TraceContext;
import dev.workflow.WorkflowExecutionListener;

/**
 * Supplies the trace context of the code that schedules an instance or raises an event: the
 * current span of Micrometer Tracing's {@link Tracer}, written as W3C {@code traceparent} and
 * {@code tracestate} by the application's {@link Propagator}. The runtime stores it with the
 * instance or event. A propagator that writes no {@code traceparent} (B3 only) stores nothing.
 */
final class WorkflowTracePropagation implements WorkflowExecutionListener {

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	WorkflowTracePropagation(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public TraceContext currentTraceContext() {
		Tracer tracer = this.tracer.getIfUnique();
		Propagator propagator = this.propagator.getIfUnique();
		if (tracer == null || propagator == null) {
			return null;
		}
		io.micrometer.tracing.TraceContext current = tracer.currentTraceContext().context();
		if (current == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>(4);
		propagator.inject(current, carrier, Map::put);
		// null when the propagator writes another format, or something that is not W3C
		return TraceContext.ofNullable(carrier.get("traceparent"), carrier.get("tracestate"));
	}

}
