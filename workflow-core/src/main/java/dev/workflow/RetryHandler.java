package dev.workflow;

/**
 * Decides in workflow code whether a failed activity or child workflow call is retried; set with
 * {@link TaskOptions#withRetryHandler(RetryHandler)} or {@link TaskOptions.Builder#retryHandler}.
 * It runs on the workflow thread when an attempt fails, also on replay, so it must be
 * deterministic like all workflow code: decide from the {@link RetryContext}, and wait with a
 * durable timer ({@code context.getWorkflowContext().createTimer(..).await()}), never a sleep.
 * Without a retry policy the next attempt starts as soon as the handler returns true; with a policy
 * as well, a call is retried only while the policy allows it and the handler agrees, after the
 * policy's delay. Failures marked {@link FailureDetails#isNonRetriable() non-retriable} never reach
 * the handler.
 */
@FunctionalInterface
public interface RetryHandler {

	/**
	 * Decides whether to retry.
	 * @param context the failed attempt
	 * @return true to start another attempt, false to fail the call with the last failure
	 */
	boolean handle(RetryContext context);

}
