package dev.workflow.spring.boot.autoconfigure.ui;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonFormat;

import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * The dashboard's throughput and latency over time: per-minute figures of the last hour, fed by
 * the runtime's listener callbacks. Micrometer's registry keeps totals, not a time series, and the
 * dashboard must work without Micrometer, so this keeps its own small ring (60 buckets, a few
 * hundred bytes). Figures are this process's only; each replica shows what it ran.
 */
public final class WorkflowUiMetrics implements WorkflowExecutionListener {

	/** Minutes kept. */
	static final int MINUTES = 60;

	private final Clock clock;

	private final Bucket[] ring = new Bucket[MINUTES];

	/**
	 * Creates the ring on the system clock.
	 */
	public WorkflowUiMetrics() {
		this(Clock.systemUTC());
	}

	WorkflowUiMetrics(Clock clock) {
		this.clock = clock;
		for (int i = 0; i < MINUTES; i++) {
			this.ring[i] = new Bucket();
		}
	}

	@Override
	public void workflowScheduled(String workflowName, String instanceId) {
		record((b) -> b.scheduled++);
	}

	@Override
	public Completion workflowTurnStarted(String instanceId) {
		long start = System.nanoTime();
		return (name, outcome, error) -> {
			long micros = (System.nanoTime() - start) / 1000;
			record((b) -> {
				b.turns++;
				b.turnMicros += micros;
				if (WorkflowRuntimeStatus.COMPLETED.name().equals(outcome)) {
					b.completed++;
				}
				else if (WorkflowRuntimeStatus.FAILED.name().equals(outcome)) {
					b.failed++;
				}
				else if (WorkflowRuntimeStatus.TERMINATED.name().equals(outcome)) {
					b.terminated++;
				}
			});
		};
	}

	@Override
	public Completion activityStarted(String activityName, String instanceId) {
		long start = System.nanoTime();
		return (name, outcome, error) -> {
			long micros = (System.nanoTime() - start) / 1000;
			record((b) -> {
				b.activities++;
				b.activityMicros += micros;
				b.activityMaxMicros = Math.max(b.activityMaxMicros, micros);
				if (error != null || "FAILED".equals(outcome)) {
					b.activityFailures++;
				}
			});
		};
	}

	private void record(Consumer<Bucket> change) {
		long minute = this.clock.millis() / 60_000;
		Bucket bucket = this.ring[(int) (minute % MINUTES)];
		synchronized (bucket) {
			if (bucket.minute != minute) {
				// the slot last held a minute an hour (or more) ago: start it afresh
				bucket.reset(minute);
			}
			change.accept(bucket);
		}
	}

	/**
	 * The last hour, oldest minute first, with empty minutes included so a chart's axis is even.
	 * @return one entry per minute
	 */
	public List<Minute> lastHour() {
		long now = this.clock.millis() / 60_000;
		List<Minute> minutes = new ArrayList<>(MINUTES);
		for (long m = now - MINUTES + 1; m <= now; m++) {
			Bucket bucket = this.ring[(int) (m % MINUTES)];
			synchronized (bucket) {
				minutes.add(bucket.minute == m ? bucket.snapshot() : Minute.empty(m));
			}
		}
		return minutes;
	}

	/**
	 * One minute's figures.
	 * @param start the minute's first instant (an ISO-8601 string in JSON whatever the application's
	 * date settings, so the page can read it)
	 * @param scheduled instances scheduled by this process
	 * @param completed instances that completed in a turn run here
	 * @param failed instances that failed
	 * @param terminated instances that ended terminated
	 * @param turns workflow turns run
	 * @param turnMillisAvg mean turn duration in milliseconds, 0 without turns
	 * @param activities activity executions
	 * @param activityFailures failed activity executions
	 * @param activityMillisAvg mean activity duration in milliseconds, 0 without activities
	 * @param activityMillisMax longest activity in milliseconds
	 */
	public record Minute(@JsonFormat(shape = JsonFormat.Shape.STRING) Instant start, long scheduled, long completed,
			long failed, long terminated, long turns, double turnMillisAvg, long activities, long activityFailures, double activityMillisAvg,
			double activityMillisMax) {

		static Minute empty(long minute) {
			return new Minute(Instant.ofEpochMilli(minute * 60_000), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
		}

	}

	private static final class Bucket {

		long minute = -1;

		long scheduled;

		long completed;

		long failed;

		long terminated;

		long turns;

		long turnMicros;

		long activities;

		long activityFailures;

		long activityMicros;

		long activityMaxMicros;

		void reset(long minute) {
			this.minute = minute;
			this.scheduled = 0;
			this.completed = 0;
			this.failed = 0;
			this.terminated = 0;
			this.turns = 0;
			this.turnMicros = 0;
			this.activities = 0;
			this.activityFailures = 0;
			this.activityMicros = 0;
			this.activityMaxMicros = 0;
		}

		Minute snapshot() {
			return new Minute(Instant.ofEpochMilli(this.minute * 60_000), this.scheduled, this.completed, this.failed,
					this.terminated, this.turns, this.turns == 0 ? 0 : this.turnMicros / 1000.0 / this.turns,
					this.activities, this.activityFailures,
					this.activities == 0 ? 0 : this.activityMicros / 1000.0 / this.activities,
					this.activityMaxMicros / 1000.0);
		}

	}

}
