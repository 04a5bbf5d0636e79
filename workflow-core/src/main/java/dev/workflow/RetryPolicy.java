package dev.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed activity or child workflow is retried. Retries wait on durable timers inside the
 * workflow, so a retry scheduled for tomorrow survives restarts and holds no thread.
 *
 * <pre>{@code
 * RetryPolicy.builder().maxAttempts(5).firstRetryInterval(Duration.ofSeconds(1))
 *     .backoffCoefficient(2.0).maxRetryInterval(Duration.ofMinutes(1)).build();
 * }</pre>
 */
public final class RetryPolicy {

	/** The longest delay {@link #delayAfter} returns: far past any timer's latest fire time. */
	private static final long MAX_DELAY_SECONDS = 1L << 40;

	private final int maxAttempts;

	private final Duration firstRetryInterval;

	private final double backoffCoefficient;

	private final Duration maxRetryInterval;

	private final Duration retryTimeout;

	private RetryPolicy(Builder b) {
		this.maxAttempts = b.maxAttempts;
		this.firstRetryInterval = b.firstRetryInterval;
		this.backoffCoefficient = b.backoffCoefficient;
		this.maxRetryInterval = b.maxRetryInterval;
		this.retryTimeout = b.retryTimeout;
	}

	/**
	 * Starts a policy.
	 * @return a builder with 3 attempts, 1 s first interval, coefficient 1, no maximum, no timeout
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The most attempts in all, the first included.
	 * @return the maximum number of attempts
	 */
	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * The wait before the first retry.
	 * @return the first retry interval
	 */
	public Duration getFirstRetryInterval() {
		return this.firstRetryInterval;
	}

	/**
	 * The factor each following wait is multiplied by.
	 * @return the backoff coefficient
	 */
	public double getBackoffCoefficient() {
		return this.backoffCoefficient;
	}

	/**
	 * The longest wait between attempts, or null for no cap.
	 * @return the maximum retry interval
	 */
	public Duration getMaxRetryInterval() {
		return this.maxRetryInterval;
	}

	/**
	 * The time after the first attempt past which no retry starts, or null for none.
	 * @return the retry timeout
	 */
	public Duration getRetryTimeout() {
		return this.retryTimeout;
	}

	/**
	 * The wait before the given retry.
	 * @param attempt the attempt that just failed, starting at 1
	 * @return the delay before the next attempt
	 */
	public Duration delayAfter(int attempt) {
		// In double seconds, so that huge intervals and coefficients saturate instead of overflowing.
		double seconds = seconds(this.firstRetryInterval) * Math.pow(this.backoffCoefficient, Math.max(0, attempt - 1));
		if (this.maxRetryInterval != null) {
			seconds = Math.min(seconds, seconds(this.maxRetryInterval));
		}
		if (!(seconds < MAX_DELAY_SECONDS)) {
			return Duration.ofSeconds(MAX_DELAY_SECONDS);
		}
		return Duration.ofMillis((long) (seconds * 1000));
	}

	private static double seconds(Duration d) {
		return d.getSeconds() + d.getNano() / 1e9;
	}

	/**
	 * Builds a {@link RetryPolicy}.
	 */
	public static final class Builder {

		private int maxAttempts = 3;

		private Duration firstRetryInterval = Duration.ofSeconds(1);

		private double backoffCoefficient = 1.0;

		private Duration maxRetryInterval;

		private Duration retryTimeout;

		private Builder() {
		}

		/**
		 * Sets the most attempts in all, the first included (at least 1).
		 * @param maxAttempts the maximum
		 * @return this builder
		 */
		public Builder maxAttempts(int maxAttempts) {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
			}
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Sets the wait before the first retry (positive).
		 * @param interval the interval
		 * @return this builder
		 */
		public Builder firstRetryInterval(Duration interval) {
			Objects.requireNonNull(interval, "firstRetryInterval");
			if (interval.isNegative() || interval.isZero()) {
				throw new IllegalArgumentException("firstRetryInterval must be positive, was " + interval);
			}
			this.firstRetryInterval = interval;
			return this;
		}

		/**
		 * Sets the factor each following wait is multiplied by (at least 1).
		 * @param coefficient the coefficient
		 * @return this builder
		 */
		public Builder backoffCoefficient(double coefficient) {
			if (!(coefficient >= 1.0) || Double.isInfinite(coefficient)) {
				throw new IllegalArgumentException("backoffCoefficient must be a finite number >= 1, was " + coefficient);
			}
			this.backoffCoefficient = coefficient;
			return this;
		}

		/**
		 * Sets the longest wait between attempts (positive).
		 * @param interval the cap, or null for none
		 * @return this builder
		 */
		public Builder maxRetryInterval(Duration interval) {
			if (interval != null && (interval.isNegative() || interval.isZero())) {
				throw new IllegalArgumentException("maxRetryInterval must be positive (or null for no cap), was " + interval);
			}
			this.maxRetryInterval = interval;
			return this;
		}

		/**
		 * Sets the time after the first attempt past which no retry starts (zero or more).
		 * @param timeout the timeout, or null for none
		 * @return this builder
		 */
		public Builder retryTimeout(Duration timeout) {
			if (timeout != null && timeout.isNegative()) {
				throw new IllegalArgumentException("retryTimeout must not be negative (null means none), was " + timeout);
			}
			this.retryTimeout = timeout;
			return this;
		}

		/**
		 * Builds the policy.
		 * @return the policy
		 */
		public RetryPolicy build() {
			return new RetryPolicy(this);
		}

	}

}
