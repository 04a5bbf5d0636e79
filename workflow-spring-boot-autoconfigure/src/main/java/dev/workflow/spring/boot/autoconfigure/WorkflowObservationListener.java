package dev.workflow.spring.boot.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.springframework.beans.factory.ObjectProvider;

import dev.workflow.TraceContext;
import dev.workflow.WorkflowExecutionListener;

/**
 * Observes each workflow turn ({@code workflow.turn}) and each activity run
 * ({@code workflow.activity}) through Micrometer Observation, with the scope open on the worker
 * thread so activity code runs inside its activity's span. When the instance carries a stored
 * trace context (the W3C traceparent of the code that scheduled it or raised the event the turn
 * handles), the observation is a {@link ReceiverContext} whose carrier holds it, so a tracing
 * handler (Spring Boot registers one with Micrometer Tracing) continues that trace: in another
 * process, after a restart. With a meter handler (Spring Boot's actuator) the observations are
 * also the timers {@code workflow.turn} (tags {@code workflow}, {@code status}) and
 * {@code workflow.activity} (tags {@code activity}, {@code outcome}) and the long task timers
 * {@code workflow.turn.active} and {@code workflow.activity.active}.
 */
final class WorkflowObservationListener implements WorkflowExecutionListener {

	/** Observation of a turn; also the name of its timer. */
	static final String TURN = "workflow.turn";

	/** Observation of an activity run; also the name of its timer. */
	static final String ACTIVITY = "workflow.activity";

	private final ObjectProvider<ObservationRegistry> observations;

	WorkflowObservationListener(ObjectProvider<ObservationRegistry> observations) {
		this.observations = observations;
	}

	/** Whether observations are made, so meters come from them and not from a listener. */
	static boolean observes(ObservationRegistry registry) {
		return registry != null && !registry.isNoop();
	}

	@Override
	public Completion workflowTurnStarted(String instanceId, TraceContext traceContext) {
		return observe(TURN, "turn", null, instanceId, traceContext, "workflow", "status");
	}

	@Override
	public Completion activityStarted(String activityName, String instanceId, TraceContext traceContext) {
		return observe(ACTIVITY, "activity " + activityName, activityName, instanceId, traceContext, "activity",
				"outcome");
	}

	private Completion observe(String name, String contextualName, String activityName, String instanceId,
			TraceContext traceContext, String nameKey, String outcomeKey) {
		ObservationRegistry registry = this.observations.getIfAvailable();
		if (!observes(registry)) {
			return Completion.NONE;
		}
		Observation observation = Observation.createNotStarted(name, () -> context(traceContext), registry)
			.contextualName(contextualName)
			.highCardinalityKeyValue("workflow.instance.id", instanceId);
		if (activityName != null) {
			// known at the start, so the long task timer of running activities carries it too
			observation.lowCardinalityKeyValue(nameKey, activityName);
		}
		observation.start();
		Observation.Scope scope = observation.openScope();
		return (finishedName, outcome, error) -> {
			scope.close();
			observation.lowCardinalityKeyValue(nameKey, finishedName == null ? "unknown" : finishedName)
				.lowCardinalityKeyValue(outcomeKey, outcome);
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
		};
	}

	/**
	 * A receiver context carrying the stored trace, so the tracing handler extracts it as the
	 * remote parent; a plain context (a new trace) when none was stored.
	 */
	private static Observation.Context context(TraceContext traceContext) {
		if (traceContext == null) {
			return new Observation.Context();
		}
		Map<String, String> carrier = new HashMap<>(2);
		carrier.put("traceparent", traceContext.traceParent());
		if (traceContext.traceState() != null) {
			carrier.put("tracestate", traceContext.traceState());
		}
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((c, key) -> c.get(key), Kind.CONSUMER);
		context.setCarrier(carrier);
		return context;
	}

}
