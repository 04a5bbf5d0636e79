package dev.workflow.backend;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.workflow.PurgeInstancesCriteria;

/**
 * The end of a {@link WorkflowBackend#purgeInstances purge by criteria} under its optional
 * timeout. Elapsed time is compared with the budget, so a huge timeout does not overflow.
 */
public final class PurgeDeadline {

	private final PurgeInstancesCriteria criteria;

	private final long begin = System.nanoTime();

	private final long budget;

	private PurgeDeadline(PurgeInstancesCriteria criteria) {
		this.criteria = criteria;
		Duration timeout = criteria.getTimeout();
		long nanos;
		try {
			nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
		}
		catch (ArithmeticException tooLong) {
			nanos = Long.MAX_VALUE;
		}
		this.budget = nanos;
	}

	/**
	 * Starts the clock of a purge.
	 * @param criteria the purge's criteria, with or without a timeout
	 * @return the deadline
	 */
	public static PurgeDeadline start(PurgeInstancesCriteria criteria) {
		return new PurgeDeadline(criteria);
	}

	/**
	 * Throws if the timeout has passed; called before each step of the purge.
	 * @param deletedSoFar how many instances were deleted so far, for the message
	 * @throws TimeoutException if the timeout has passed
	 */
	public void check(int deletedSoFar) throws TimeoutException {
		if (this.budget != Long.MAX_VALUE && System.nanoTime() - this.begin >= this.budget) {
			throw new TimeoutException("Purging instances (" + this.criteria + ") did not finish within "
					+ this.criteria.getTimeout() + ": " + deletedSoFar
					+ " instance(s) were purged before the timeout, the other matches remain; purge again "
					+ "(with a longer timeout) to continue");
		}
	}

}
