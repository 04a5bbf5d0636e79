package dev.workflow;

/**
 * Options for an activity or child workflow call.
 */
public final class TaskOptions {

	private final RetryPolicy retryPolicy;

	private TaskOptions(RetryPolicy retryPolicy) {
		this.retryPolicy = retryPolicy;
	}

	/**
	 * Options that retry a failed call according to the policy.
	 * @param retryPolicy the policy
	 * @return the options
	 */
	public static TaskOptions withRetryPolicy(RetryPolicy retryPolicy) {
		return new TaskOptions(java.util.Objects.requireNonNull(retryPolicy, "retryPolicy"));
	}

	/**
	 * The retry policy.
	 * @return the policy, or null for no retries
	 */
	public RetryPolicy getRetryPolicy() {
		return this.retryPolicy;
	}

}
