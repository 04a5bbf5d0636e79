package dev.workflow;

import java.util.function.Consumer;
import java.util.function.Function;

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

	/**
	 * A task that completes with the function applied to this task's result. The function runs on
	 * the workflow thread when this task completes (again on every replay), so it must be
	 * deterministic like all workflow code. If this task fails or is canceled, the new task fails
	 * or is canceled with the same exception, and the function does not run; if the function
	 * throws, the new task fails with what it threw.
	 * @param fn maps the result
	 * @param <U> the mapped type
	 * @return the new task
	 */
	<U> Task<U> thenApply(Function<? super V, ? extends U> fn);

	/**
	 * A task that completes after the consumer has received this task's result; see
	 * {@link #thenApply(Function)} for when it runs and how failures propagate.
	 * @param consumer receives the result
	 * @return the new task, with a null result
	 */
	Task<Void> thenAccept(Consumer<? super V> consumer);

}
