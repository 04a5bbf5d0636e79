package dev.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How long finished instances are kept, per terminal status: a system workflow instance
 * ({@value #INSTANCE_ID}) wakes up every {@link #getInterval() interval} and purges the instances
 * that finished (last updated) longer ago than that, in batches. Being one instance, it runs on
 * one replica at a time and goes on where it stopped after a restart. Instances of schedules and
 * of retention itself are never purged. Set it with {@link WorkflowRuntime.Builder#retention}; in
 * Spring with {@code dapr.workflow.retention.completed}, {@code .failed} and {@code .terminated}.
 */
public final class WorkflowRetention {

	/** The id of the system workflow instance that purges. */
	public static final String INSTANCE_ID = "retention:purge";

	/** Hears how many instances retention purged, e.g. to count them as a metric. */
	@FunctionalInterface
	public interface PurgeListener {

		/**
		 * Called after a batch was purged, in the replica that purged it.
		 * @param status the status of the purged instances
		 * @param count how many were purged, at least 1
		 */
		void purged(WorkflowRuntimeStatus status, int count);

	}

	private Duration completed;

	private Duration failed;

	private Duration terminated;

	private Duration interval = Duration.ofMinutes(1);

	private int batchSize = 100;

	private PurgeListener listener = (status, count) -> {
	};

	/**
	 * Keeps completed instances for this long (CANCELED ones are treated as completed).
	 * @param keep how long, or null to keep them for ever
	 * @return this
	 */
	public WorkflowRetention completed(Duration keep) {
		this.completed = check(keep, "completed");
		return this;
	}

	/**
	 * Keeps failed instances for this long.
	 * @param keep how long, or null to keep them for ever
	 * @return this
	 */
	public WorkflowRetention failed(Duration keep) {
		this.failed = check(keep, "failed");
		return this;
	}

	/**
	 * Keeps terminated instances for this long.
	 * @param keep how long, or null to keep them for ever
	 * @return this
	 */
	public WorkflowRetention terminated(Duration keep) {
		this.terminated = check(keep, "terminated");
		return this;
	}

	/**
	 * Sets how often retention looks for instances to purge.
	 * @param interval the interval, at least one second (default one minute)
	 * @return this
	 */
	public WorkflowRetention interval(Duration interval) {
		if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("Invalid retention interval " + interval
					+ ": it must be at least one second (PT1S)");
		}
		this.interval = interval;
		return this;
	}

	/**
	 * Sets how many instances one activity call purges at most.
	 * @param batchSize 1 to 1000 (default 100)
	 * @return this
	 */
	public WorkflowRetention batchSize(int batchSize) {
		if (batchSize < 1 || batchSize > 1000) {
			throw new IllegalArgumentException("Invalid retention batch size " + batchSize + ": allowed are 1 to 1000");
		}
		this.batchSize = batchSize;
		return this;
	}

	/**
	 * Sets who hears about purged instances.
	 * @param listener the listener
	 * @return this
	 */
	public WorkflowRetention listener(PurgeListener listener) {
		this.listener = Objects.requireNonNull(listener, "listener");
		return this;
	}

	/** @return how long completed instances are kept, or null for ever */
	public Duration getCompleted() {
		return this.completed;
	}

	/** @return how long failed instances are kept, or null for ever */
	public Duration getFailed() {
		return this.failed;
	}

	/** @return how long terminated instances are kept, or null for ever */
	public Duration getTerminated() {
		return this.terminated;
	}

	/** @return how often retention runs */
	public Duration getInterval() {
		return this.interval;
	}

	/** @return how many instances one activity call purges at most */
	public int getBatchSize() {
		return this.batchSize;
	}

	/** @return the listener */
	public PurgeListener getListener() {
		return this.listener;
	}

	/** @return whether any status has a limit, i.e. whether retention purges anything */
	public boolean isEnabled() {
		return this.completed != null || this.failed != null || this.terminated != null;
	}

	private static Duration check(Duration keep, String what) {
		if (keep != null && keep.isNegative()) {
			throw new IllegalArgumentException("Invalid retention for " + what + " instances: " + keep
					+ "; a retention must be zero or positive, or unset to keep them for ever");
		}
		return keep;
	}

	@Override
	public String toString() {
		return "WorkflowRetention[completed=" + this.completed + ", failed=" + this.failed + ", terminated="
				+ this.terminated + ", interval=" + this.interval + ", batchSize=" + this.batchSize + "]";
	}

}
