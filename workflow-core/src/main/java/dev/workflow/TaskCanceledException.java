package dev.workflow;

/**
 * Thrown from {@link Task#await()} when the task was canceled, for example when
 * {@link WorkflowContext#waitForExternalEvent(String, java.time.Duration, Class)} timed out.
 */
public class TaskCanceledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String taskName;

	private final int taskId;

	/**
	 * Creates the exception for a task without a sequence number.
	 * @param message what was canceled and why
	 * @param taskName the task's name (event name, activity name)
	 */
	public TaskCanceledException(String message, String taskName) {
		this(message, taskName, -1);
	}

	/**
	 * Creates the exception.
	 * @param message what was canceled and why
	 * @param taskName the task's name (event name, activity name)
	 * @param taskId the sequence number that names the task in the workflow (for an event wait, its
	 * timeout timer's), or -1
	 */
	public TaskCanceledException(String message, String taskName, int taskId) {
		super(message);
		this.taskName = taskName;
		this.taskId = taskId;
	}

	/**
	 * The canceled task's name.
	 * @return the name
	 */
	public String getTaskName() {
		return this.taskName;
	}

	/**
	 * The sequence number that names the canceled task in its workflow: for a timed-out event wait,
	 * the id of its timeout timer, as in the message's {@code (ID = n)}.
	 * @return the task id, or -1 when none was assigned
	 */
	public int getTaskId() {
		return this.taskId;
	}

}
