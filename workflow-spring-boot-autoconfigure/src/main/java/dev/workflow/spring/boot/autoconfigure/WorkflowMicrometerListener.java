package dev.workflow.spring.boot.autoconfigure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;

import dev.workflow.WorkflowExecutionListener;

/**
 * Metrics of the runtime's work, one name per meter: counters {@code workflow.instances.scheduled}
 * (tag {@code workflow}) and {@code workflow.instances.finished} (tags {@code workflow},
 * {@code status}); timers {@code workflow.turn} (tags {@code workflow}, {@code status},
 * {@code error}) and {@code workflow.activity} (tags {@code activity}, {@code outcome},
 * {@code error}); long task timers {@code workflow.turn.active} and {@code workflow.activity.active}
 * (work running now). The timers come from the observations of {@link WorkflowObservationListener}
 * when an {@link ObservationRegistry} observes (its meter handler names them after the
 * observation); without one this listener records them under the same names and tags.
 */
final class WorkflowMicrometerListener implements WorkflowExecutionListener {

	private final ObjectProvider<MeterRegistry> meters;

	private final ObjectProvider<ObservationRegistry> observations;

	WorkflowMicrometerListener(ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
		this.meters = meters;
		this.observations = observations;
	}

	@Override
	public void workflowScheduled(String workflowName, String instanceId) {
		MeterRegistry registry = this.meters.getIfAvailable();
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
		MeterRegistry registry = this.meters.getIfAvailable();
		if (registry == null) {
			return Completion.NONE;
		}
		Completion timed = timed(registry, WorkflowObservationListener.TURN, null, "workflow", "status");
		return (name, outcome, error) -> {
			timed.finished(name, outcome, error);
			if (outcome.equals("COMPLETED") || outcome.equals("FAILED") || outcome.equals("TERMINATED")
					|| outcome.equals("CANCELED")) {
				Counter.builder("workflow.instances.finished")
					.description("Workflow instances that finished, by final status")
					.tag("workflow", name == null ? "unknown" : name)
					.tag("status", outcome)
					.register(registry)
					.increment();
			}
		};
	}

	@Override
	public Completion activityStarted(String activityName, String instanceId) {
		MeterRegistry registry = this.meters.getIfAvailable();
		return registry == null ? Completion.NONE
				: timed(registry, WorkflowObservationListener.ACTIVITY, activityName, "activity", "outcome");
	}

	/**
	 * Times the work itself unless an observation does (its meter handler makes the same meters);
	 * two sources under one name would clash on their tags.
	 */
	private Completion timed(MeterRegistry registry, String name, String activityName, String nameKey,
			String outcomeKey) {
		if (WorkflowObservationListener.observes(this.observations.getIfAvailable())) {
			return Completion.NONE;
		}
		LongTaskTimer.Builder active = LongTaskTimer.builder(name + ".active");
		if (activityName != null) {
			active.tag(nameKey, activityName);
		}
		LongTaskTimer.Sample running = active.register(registry).start();
		Timer.Sample sample = Timer.start(registry);
		return (finishedName, outcome, error) -> {
			running.stop();
			sample.stop(Timer.builder(name)
				.tag(nameKey, finishedName == null ? "unknown" : finishedName)
				.tag(outcomeKey, outcome)
				.tag("error", error == null ? "none" : error.getClass().getSimpleName())
				.register(registry));
		};
	}

}
