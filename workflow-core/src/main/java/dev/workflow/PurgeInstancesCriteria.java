package dev.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which finished instances {@link WorkflowClient#purgeInstances(PurgeInstancesCriteria)} deletes:
 * those created in a time range and in some terminal statuses. It follows durabletask's
 * {@code PurgeInstanceCriteria}; unset filters match every finished instance. Unfinished instances
 * are never purged, so only terminal statuses are accepted.
 */
public final class PurgeInstancesCriteria {

	private Instant createdTimeFrom;

	private Instant createdTimeTo;

	private EnumSet<WorkflowRuntimeStatus> runtimeStatuses = EnumSet.noneOf(WorkflowRuntimeStatus.class);

	private Duration timeout;

	/**
	 * Purges instances created at or after this instant.
	 * @param from the lower bound, inclusive, or null
	 * @return this
	 */
	public PurgeInstancesCriteria setCreatedTimeFrom(Instant from) {
		this.createdTimeFrom = from;
		return this;
	}

	/**
	 * Purges instances created before this instant.
	 * @param to the upper bound, exclusive, or null
	 * @return this
	 */
	public PurgeInstancesCriteria setCreatedTimeTo(Instant to) {
		this.createdTimeTo = to;
		return this;
	}

	/**
	 * Purges instances in any of these statuses.
	 * @param statuses terminal statuses (COMPLETED, FAILED, CANCELED, TERMINATED); none for all of them
	 * @return this
	 * @throws IllegalArgumentException for a status that is not terminal
	 */
	public PurgeInstancesCriteria setRuntimeStatus(WorkflowRuntimeStatus... statuses) {
		if (statuses == null || statuses.length == 0) {
			this.runtimeStatuses = EnumSet.noneOf(WorkflowRuntimeStatus.class);
			return this;
		}
		for (WorkflowRuntimeStatus s : statuses) {
			if (s == null || !s.isTerminal()) {
				throw new IllegalArgumentException("Cannot purge instances in status " + s
						+ ": only finished instances can be purged; allowed statuses are " + terminalStatuses());
			}
		}
		this.runtimeStatuses = EnumSet.copyOf(Arrays.asList(statuses));
		return this;
	}

	/**
	 * Purges instances in any of these statuses (durabletask's name for {@link #setRuntimeStatus}).
	 * @param statuses terminal statuses; null or empty for all of them
	 * @return this
	 * @throws IllegalArgumentException for a status that is not terminal
	 */
	public PurgeInstancesCriteria setRuntimeStatusList(List<WorkflowRuntimeStatus> statuses) {
		return setRuntimeStatus(statuses == null ? null : statuses.toArray(new WorkflowRuntimeStatus[0]));
	}

	/**
	 * Bounds how long the purge may take, as durabletask's {@code setTimeout}: past it,
	 * {@link WorkflowClient#purgeInstances} stops and throws
	 * {@link java.util.concurrent.TimeoutException}; what was purged by then stays purged.
	 * @param timeout the bound, or null for none
	 * @return this
	 * @throws IllegalArgumentException for a negative timeout
	 */
	public PurgeInstancesCriteria setTimeout(Duration timeout) {
		if (timeout != null && timeout.isNegative()) {
			throw new IllegalArgumentException("Invalid purge timeout " + timeout
					+ ": a timeout must be zero or positive, or null for none");
		}
		this.timeout = timeout;
		return this;
	}

	/**
	 * How long the purge may take.
	 * @return the bound, or null for none
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * The inclusive lower creation bound.
	 * @return the bound, or null
	 */
	public Instant getCreatedTimeFrom() {
		return this.createdTimeFrom;
	}

	/**
	 * The exclusive upper creation bound.
	 * @return the bound, or null
	 */
	public Instant getCreatedTimeTo() {
		return this.createdTimeTo;
	}

	/**
	 * The statuses to purge.
	 * @return terminal statuses; empty means every terminal status
	 */
	public Set<WorkflowRuntimeStatus> getRuntimeStatuses() {
		return EnumSet.copyOf(this.runtimeStatuses);
	}

	/**
	 * The statuses to purge, with "none given" spelled out as every terminal status.
	 * @return terminal statuses, never empty
	 */
	public Set<WorkflowRuntimeStatus> effectiveStatuses() {
		return this.runtimeStatuses.isEmpty() ? terminalStatuses() : EnumSet.copyOf(this.runtimeStatuses);
	}

	private static Set<WorkflowRuntimeStatus> terminalStatuses() {
		Set<WorkflowRuntimeStatus> terminal = EnumSet.noneOf(WorkflowRuntimeStatus.class);
		for (WorkflowRuntimeStatus s : WorkflowRuntimeStatus.values()) {
			if (s.isTerminal()) {
				terminal.add(s);
			}
		}
		return terminal;
	}

	@Override
	public String toString() {
		return "PurgeInstancesCriteria[createdTimeFrom=" + this.createdTimeFrom + ", createdTimeTo="
				+ this.createdTimeTo + ", statuses=" + effectiveStatuses() + ", timeout=" + this.timeout + "]";
	}

}
