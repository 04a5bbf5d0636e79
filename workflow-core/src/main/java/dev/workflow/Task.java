package dev.workflow;

/**
 * A durable unit of work started by a workflow: an activity call, a timer, an external event wait,
 * a child workflow, or a combination of those.
 *
 * @param <V> the type of the task's result
 */
public interface Task<V> {

	/**
	 * Returns the task's result, waiting durably until it is available. While the result is not yet
	 * in the workflow's history, the workflow method is unwound (no thread waits) and re-run when
	 * the result arrives.
	 * @return the result
	 * @throws TaskFailedException if the activity or child workflow failed
	 * @throws TaskCanceledException if the task was canceled, for example a wait that timed out
	 */
	V await();

	/**
	 * Whether the task has a result, a failure or was canceled.
	 * @return true once the task is done
	 */
	boolean isDone();

	/**
	 * Whether the task was canceled (for example an external event wait that timed out).
	 * @return true if canceled
	 */
	boolean isCancelled();

}
