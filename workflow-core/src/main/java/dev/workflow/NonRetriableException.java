package dev.workflow;

/**
 * Thrown by an activity (or a child workflow) to fail its call without retries: the failure is
 * recorded with {@link FailureDetails#isNonRetriable()} true, and neither a {@link RetryPolicy} nor
 * a {@link RetryHandler} retries it. The workflow sees a {@link TaskFailedException} as for any
 * failure. It also counts when it is the cause of the exception the activity throws.
 */
public class NonRetriableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message why the call cannot succeed
	 */
	public NonRetriableException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with a cause.
	 * @param message why the call cannot succeed
	 * @param cause the underlying error
	 */
	public NonRetriableException(String message, Throwable cause) {
		super(message, cause);
	}

}
