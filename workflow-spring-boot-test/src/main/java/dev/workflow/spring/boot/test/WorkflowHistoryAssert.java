package dev.workflow.spring.boot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.assertj.core.api.AbstractAssert;

import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.EventRaised;
import dev.workflow.history.EventSent;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;

/**
 * Assertions on the recorded history of a workflow instance (its current execution), from
 * {@link WorkflowInstanceAssert#history()}. Counting assertions name what to count and then how
 * often: {@code calledActivity("charge").times(2)}; an activity retried by a retry policy is
 * scheduled, and counted, once per attempt.
 */
public final class WorkflowHistoryAssert extends AbstractAssert<WorkflowHistoryAssert, List<HistoryEvent>> {

	private final String instanceId;

	WorkflowHistoryAssert(String instanceId, List<HistoryEvent> history) {
		super(List.copyOf(history), WorkflowHistoryAssert.class);
		this.instanceId = instanceId;
	}

	/**
	 * Counts the calls of an activity (each scheduled attempt); follow with a count.
	 * @param name the activity name
	 * @return the count to check
	 */
	public Count calledActivity(String name) {
		return new Count("call activity '" + name + "'", count(TaskScheduled.class, TaskScheduled::name, name),
				"activities called: " + names(TaskScheduled.class, TaskScheduled::name));
	}

	/**
	 * Counts the failed calls of an activity (each failed attempt); follow with a count.
	 * @param name the activity name
	 * @return the count to check
	 */
	public Count failedActivity(String name) {
		Map<Integer, String> scheduled = new HashMap<>();
		this.actual.stream().filter(TaskScheduled.class::isInstance).map(TaskScheduled.class::cast)
			.forEach(t -> scheduled.put(t.eventId(), t.name()));
		long failed = this.actual.stream().filter(TaskFailed.class::isInstance).map(TaskFailed.class::cast)
			.filter(f -> name.equals(scheduled.get(f.taskScheduledId()))).count();
		return new Count("see activity '" + name + "' fail", failed,
				"activities called: " + names(TaskScheduled.class, TaskScheduled::name));
	}

	/**
	 * Counts the child workflows of a name the instance started; follow with a count.
	 * @param name the child workflow's name
	 * @return the count to check
	 */
	public Count calledChildWorkflow(String name) {
		return new Count("start child workflow '" + name + "'",
				count(ChildWorkflowCreated.class, ChildWorkflowCreated::name, name),
				"children started: " + names(ChildWorkflowCreated.class, ChildWorkflowCreated::name));
	}

	/**
	 * Counts the external events of a name the instance received; follow with a count.
	 * @param name the event name
	 * @return the count to check
	 */
	public Count receivedEvent(String name) {
		return new Count("receive event '" + name + "'", count(EventRaised.class, EventRaised::name, name),
				"events received: " + names(EventRaised.class, EventRaised::name));
	}

	/**
	 * Counts the events of a name the instance sent to other instances; follow with a count.
	 * @param name the event name
	 * @return the count to check
	 */
	public Count sentEvent(String name) {
		return new Count("send event '" + name + "'", count(EventSent.class, EventSent::name, name),
				"events sent: " + names(EventSent.class, EventSent::name));
	}

	/**
	 * Counts the durable timers the instance created (its own timers, event-wait timeouts and retry
	 * delays); follow with a count.
	 * @return the count to check
	 */
	public Count createdTimers() {
		return new Count("create timers", this.actual.stream().filter(TimerCreated.class::isInstance).count(),
				"timers: " + timerDurations());
	}

	/**
	 * Counts the timers that fired; follow with a count.
	 * @return the count to check
	 */
	public Count firedTimers() {
		return new Count("have timers fire", this.actual.stream().filter(TimerFired.class::isInstance).count(),
				"timers: " + timerDurations());
	}

	/**
	 * Verifies that the instance created a timer of this length (from the turn that created it to
	 * its due time, to the second).
	 * @param duration the timer's length
	 * @return this
	 */
	public WorkflowHistoryAssert createdTimer(Duration duration) {
		boolean found = this.actual.stream().filter(TimerCreated.class::isInstance).map(TimerCreated.class::cast)
			.anyMatch(t -> Duration.between(t.timestamp(), t.fireAt()).minus(duration).abs().compareTo(Duration.ofSeconds(1)) < 0);
		if (!found) {
			failWithMessage("Expected workflow instance '%s' to create a timer of %s, but its timers are %s",
					this.instanceId, duration, timerDurations());
		}
		return this;
	}

	/**
	 * Verifies that the activities were called in this order (other calls may come between).
	 * @param names the activity names, in the order expected
	 * @return this
	 */
	public WorkflowHistoryAssert calledActivitiesInOrder(String... names) {
		List<String> called = names(TaskScheduled.class, TaskScheduled::name);
		int next = 0;
		for (String c : called) {
			if (next < names.length && names[next].equals(c)) {
				next++;
			}
		}
		if (next < names.length) {
			failWithMessage("Expected workflow instance '%s' to call activities in the order %s, but it called %s",
					this.instanceId, List.of(names), called);
		}
		return this;
	}

	private <E extends HistoryEvent> long count(Class<E> type, Function<E, String> name, String wanted) {
		return names(type, name).stream().filter(wanted::equals).count();
	}

	private <E extends HistoryEvent> List<String> names(Class<E> type, Function<E, String> name) {
		List<String> out = new ArrayList<>();
		for (HistoryEvent e : this.actual) {
			if (type.isInstance(e)) {
				out.add(name.apply(type.cast(e)));
			}
		}
		return out;
	}

	private List<Duration> timerDurations() {
		return this.actual.stream().filter(TimerCreated.class::isInstance).map(TimerCreated.class::cast)
			.map(t -> Duration.between(t.timestamp(), t.fireAt())).toList();
	}

	/**
	 * How often something happened in the history; each method checks and returns to the history
	 * assertions.
	 */
	public final class Count {

		private final String what;

		private final long actualCount;

		private final String found;

		Count(String what, long actualCount, String found) {
			this.what = what;
			this.actualCount = actualCount;
			this.found = found;
		}

		/**
		 * Verifies it happened exactly this often.
		 * @param expected the number of times
		 * @return the history assertions
		 */
		public WorkflowHistoryAssert times(int expected) {
			if (this.actualCount != expected) {
				fail(expected + " " + plural(expected));
			}
			return WorkflowHistoryAssert.this;
		}

		/**
		 * Verifies it happened exactly once.
		 * @return the history assertions
		 */
		public WorkflowHistoryAssert once() {
			return times(1);
		}

		/**
		 * Verifies it never happened.
		 * @return the history assertions
		 */
		public WorkflowHistoryAssert never() {
			return times(0);
		}

		/**
		 * Verifies it happened at least this often.
		 * @param expected the least number of times
		 * @return the history assertions
		 */
		public WorkflowHistoryAssert atLeast(int expected) {
			if (this.actualCount < expected) {
				fail("at least " + expected + " " + plural(expected));
			}
			return WorkflowHistoryAssert.this;
		}

		private void fail(String expected) {
			failWithMessage("Expected workflow instance '%s' to %s %s, but it did %s %s; %s",
					WorkflowHistoryAssert.this.instanceId, this.what, expected, this.actualCount,
					plural(this.actualCount), this.found);
		}

		private static String plural(long n) {
			return n == 1 ? "time" : "times";
		}

	}

}
