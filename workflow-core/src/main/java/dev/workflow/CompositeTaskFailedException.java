package dev.workflow;

import java.util.List;

/**
 * Thrown from {@link Task#await()} on the task of {@link WorkflowContext#allOf(List)} when one or
 * more of the combined tasks failed. It is thrown only once every combined task is done, and
 * carries the exception of each failed task, in the order of the list passed to {@code allOf}.
 */
public class CompositeTaskFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient List<Exception> exceptions;

	/**
	 * Creates the exception.
	 * @param message what failed
	 * @param exceptions the failed tasks' exceptions, in task order, not empty
	 */
	public CompositeTaskFailedException(String message, List<Exception> exceptions) {
		super(message, exceptions.isEmpty() ? null : exceptions.get(0));
		this.exceptions = List.copyOf(exceptions);
	}

	/**
	 * The exceptions of the failed tasks, in the order the tasks were passed to {@code allOf}:
	 * usually {@link TaskFailedException} or {@link TaskCanceledException}.
	 * @return the exceptions, not empty
	 */
	public List<Exception> getExceptions() {
		return this.exceptions;
	}

}
