package dev.workflow;

/**
 * Thrown from {@link Task#await()} when the task was canceled, for example when
 * {@link WorkflowContext#waitForExternalEvent(String, java.time.Duration, Class)} timed out.
 */
public class TaskCanceledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String taskName;

	/**
	 * Creates the exception.
	 * @param message what was canceled and why
	 * @param taskName the task's name (event name, activity name)
	 */
	public TaskCanceledException(String message, String taskName) {
		super(message);
		this.taskName = taskName;
	}

	/**
	 * The canceled task's name.
	 * @return the name
	 */
	public String getTaskName() {
		return this.taskName;
	}

}
