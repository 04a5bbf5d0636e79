package dev.workflow;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options for an activity or child workflow call: a retry policy and/or a retry handler, a
 * start-to-close timeout and the app that hosts the callee. Immutable; build with the static factories or {@link #builder()}.
 */
public final class TaskOptions {

	private final RetryPolicy retryPolicy;

	private final Duration timeout;

	private final String appId;

	private final RetryHandler retryHandler;

	private TaskOptions(RetryPolicy retryPolicy, Duration timeout, String appId) {
		this(retryPolicy, timeout, appId, null);
	}

	private TaskOptions(RetryPolicy retryPolicy, Duration timeout, String appId, RetryHandler retryHandler) {
		this.retryPolicy = retryPolicy;
		this.timeout = timeout;
		this.appId = appId;
		this.retryHandler = retryHandler;
	}

	/**
	 * Options that retry a failed call according to the policy.
	 * @param retryPolicy the policy
	 * @return the options
	 */
	public static TaskOptions withRetryPolicy(RetryPolicy retryPolicy) {
		return new TaskOptions(Objects.requireNonNull(retryPolicy, "retryPolicy"), null, null);
	}

	/**
	 * Options that let workflow code decide whether a failed call is retried; see
	 * {@link RetryHandler}.
	 * @param retryHandler the handler
	 * @return the options
	 */
	public static TaskOptions withRetryHandler(RetryHandler retryHandler) {
		return new TaskOptions(null, null, null, Objects.requireNonNull(retryHandler, "retryHandler"));
	}

	/**
	 * Options that bound each attempt of an activity call: when the activity has not completed
	 * this long after it was scheduled, the call fails with a {@link TaskFailedException} whose
	 * error type is {@code java.util.concurrent.TimeoutException}, and the activity's thread is
	 * interrupted. The timeout is a durable timer, so it holds across restarts. With a retry
	 * policy, each attempt gets the full timeout and a timed-out attempt is retried like any other
	 * failure. It applies to activity calls; child workflow calls do not use it (yet).
	 * @param timeout the start-to-close timeout, positive, at most 100 years
	 * @return the options
	 * @throws IllegalArgumentException if the timeout is null, zero, negative or longer than 100 years
	 */
	public static TaskOptions withTimeout(Duration timeout) {
		return new TaskOptions(null, checkTimeout(timeout), null);
	}

	/**
	 * Options that name the app hosting the activity or child workflow.
	 * @param appId the app id: 1 to 64 characters of letters, digits and {@code _-:.}
	 * @return the options
	 * @throws IllegalArgumentException if the app id is null or breaks those rules
	 */
	public static TaskOptions withAppId(String appId) {
		return new TaskOptions(null, null, checkAppId(appId));
	}

	/**
	 * Starts building options with several settings.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The retry policy.
	 * @return the policy, or null for no retries
	 */
	public RetryPolicy getRetryPolicy() {
		return this.retryPolicy;
	}

	/**
	 * The retry handler.
	 * @return the handler, or null for none
	 */
	public RetryHandler getRetryHandler() {
		return this.retryHandler;
	}

	/**
	 * The start-to-close timeout of each attempt of an activity call.
	 * @return the timeout, or null for none
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * The app that hosts the activity or child workflow, in setups where several apps share one
	 * backend (Dapr's multi-app workflows): the call is recorded with this app id and only workers
	 * of that app take it; while no such app runs, the call waits and the caller stays RUNNING.
	 * Without an app id any worker that registered the name takes it.
	 * @return the app id, or null for any app
	 */
	public String getAppId() {
		return this.appId;
	}

	/** The longest timeout accepted: far beyond any real call, well inside what timers can store. */
	static final Duration MAX_TIMEOUT = Duration.ofDays(36_500);

	private static Duration checkTimeout(Duration timeout) {
		if (timeout == null || timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
			throw new IllegalArgumentException("TaskOptions timeout must be a positive duration of at most "
					+ MAX_TIMEOUT + " (100 years), was " + timeout);
		}
		return timeout;
	}

	private static String checkAppId(String appId) {
		return checkAppId(appId, "TaskOptions appId");
	}

	/** What an app id may be: the same rules as an instance id, so it fits the same columns and keys. */
	private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_:.\\-]{1,64}");

	/**
	 * Checks an app id (here and for {@link WorkflowRuntime.Builder#appId(String)}).
	 * @param appId the app id
	 * @param what what the value is, for the message
	 * @return the app id
	 * @throws IllegalArgumentException naming the value and the rules
	 */
	static String checkAppId(String appId, String what) {
		if (appId == null || !APP_ID.matcher(appId).matches()) {
			throw new IllegalArgumentException(what + " must be 1 to 64 characters of letters, digits and "
					+ "'_', '-', ':', '.', was " + (appId == null ? "null" : "'" + appId + "'"));
		}
		return appId;
	}

	/**
	 * Builds {@link TaskOptions}; every setting is optional.
	 */
	public static final class Builder {

		private RetryPolicy retryPolicy;

		private Duration timeout;

		private String appId;

		private RetryHandler retryHandler;

		private Builder() {
		}

		/**
		 * Retries a failed call according to the policy.
		 * @param retryPolicy the policy, or null for no retries
		 * @return this
		 */
		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = retryPolicy;
			return this;
		}

		/**
		 * Lets workflow code decide whether a failed call is retried; see {@link RetryHandler}
		 * (with a retry policy too, both must allow a retry).
		 * @param retryHandler the handler, or null for none
		 * @return this
		 */
		public Builder retryHandler(RetryHandler retryHandler) {
			this.retryHandler = retryHandler;
			return this;
		}

		/**
		 * Bounds each attempt of an activity call; see {@link TaskOptions#withTimeout(Duration)}.
		 * @param timeout the start-to-close timeout, positive, at most 100 years
		 * @return this
		 * @throws IllegalArgumentException if the timeout is null, zero, negative or longer than 100 years
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = checkTimeout(timeout);
			return this;
		}

		/**
		 * Names the app hosting the activity or child; see {@link TaskOptions#getAppId()}.
		 * @param appId the app id: 1 to 64 characters of letters, digits and {@code _-:.}
		 * @return this
		 * @throws IllegalArgumentException if the app id is null or breaks those rules
		 */
		public Builder appId(String appId) {
			this.appId = checkAppId(appId);
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 */
		public TaskOptions build() {
			return new TaskOptions(this.retryPolicy, this.timeout, this.appId, this.retryHandler);
		}

	}

}
