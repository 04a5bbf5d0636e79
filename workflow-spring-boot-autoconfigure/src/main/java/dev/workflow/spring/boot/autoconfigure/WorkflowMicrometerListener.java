package dev.workflow.spring.boot.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;

import dev.workflow.WorkflowExecutionListener;

/**
 * Metrics and tracing of the runtime's work. Counters {@code workflow.instances.scheduled}
 * (tag {@code workflow}) and {@code workflow.instances.finished} (tags {@code workflow},
 * {@code status}); timers {@code workflow.turns} and {@code workflow.activity.executions} (tags
 * name and outcome); gauges {@code workflow.turns.active} and {@code workflow.activities.active};
 * and, when an ObservationRegistry exists, observations {@code workflow.turn} and
 * {@code workflow.activity} around each turn and activity, so traces span them and activity code
 * runs inside the activity's span.
 */
final class WorkflowMicrometerListener implements WorkflowExecutionListener {

	private final ObjectProvider<MeterRegistry> meters;

	private final ObjectProvider<ObservationRegistry> observations;

	private final AtomicInteger activeTurns = new AtomicInteger();

	private final AtomicInteger activeActivities = new AtomicInteger();

	private volatile boolean gaugesRegistered;

	WorkflowMicrometerListener(ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
		this.meters = meters;
		this.observations = observations;
	}

	private MeterRegistry registry() {
		MeterRegistry registry = this.meters.getIfAvailable();
		if (registry != null && !this.gaugesRegistered) {
			this.gaugesRegistered = true;
			registry.gauge("workflow.turns.active", this.activeTurns);
			registry.gauge("workflow.activities.active", this.activeActivities);
		}
		return registry;
	}

	@Override
	public void workflowScheduled(String workflowName, String instanceId) {
		MeterRegistry registry = registry();
		if (registry != null) {
			Counter.builder("workflow.instances.scheduled")
				.description("Workflow instances scheduled by this application")
				.tag("workflow", workflowName)
				.register(registry)
				.increment();
		}
	}

	@Override
	public Completion workflowTurnStarted(String instanceId) {
		return observe("workflow.turn", "workflow.instance.id", instanceId, this.activeTurns, (registry, name, outcome) -> {
			if (outcome.equals("COMPLETED") || outcome.equals("FAILED") || outcome.equals("TERMINATED")
					|| outcome.equals("CANCELED")) {
				Counter.builder("workflow.instances.finished")
					.description("Workflow instances that finished, by final status")
					.tag("workflow", name)
					.tag("status", outcome)
					.register(registry)
					.increment();
			}
		});
	}

	@Override
	public Completion activityStarted(String activityName, String instanceId) {
		return observe("workflow.activity", "workflow.instance.id", instanceId, this.activeActivities,
				(registry, name, outcome) -> {
				});
	}

	@FunctionalInterface
	private interface OnFinish {

		void record(MeterRegistry registry, String name, String outcome);

	}

	private Completion observe(String observationName, String idKey, String instanceId, AtomicInteger active,
			OnFinish onFinish) {
		MeterRegistry registry = registry();
		ObservationRegistry obs = this.observations.getIfAvailable();
		Observation observation = obs == null ? null
				: Observation.createNotStarted(observationName, obs).highCardinalityKeyValue(idKey, instanceId).start();
		Observation.Scope scope = observation == null ? null : observation.openScope();
		long start = System.nanoTime();
		active.incrementAndGet();
		return (name, outcome, error) -> {
			active.decrementAndGet();
			String tagName = name == null ? "unknown" : name;
			if (scope != null) {
				scope.close();
			}
			if (observation != null) {
				observation.lowCardinalityKeyValue("name", tagName).lowCardinalityKeyValue("outcome", outcome);
				if (error != null) {
					observation.error(error);
				}
				observation.stop();
			}
			if (registry != null) {
				if (observationName.equals("workflow.activity")) {
					Timer.builder("workflow.activity.executions")
						.description("Activity executions by name and outcome")
						.tag("activity", tagName)
						.tag("outcome", outcome)
						.register(registry)
						.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
				}
				else {
					Timer.builder("workflow.turns")
						.description("Workflow turns by workflow and resulting status")
						.tag("workflow", tagName)
						.tag("status", outcome)
						.register(registry)
						.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
				}
				onFinish.record(registry, tagName, outcome);
			}
		};
	}

}
