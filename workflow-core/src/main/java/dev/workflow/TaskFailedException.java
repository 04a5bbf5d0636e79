package dev.workflow;

/**
 * Thrown from {@link Task#await()} when the activity or child workflow behind the task failed.
 * {@link #getFailureDetails()} says what went wrong on the other side. The message reads as in
 * durabletask, {@code Task '<name>' (#<id>) failed with an unhandled exception: <error message>};
 * the error's type and stack trace are in the failure details.
 */
public class TaskFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String taskName;

	private final int taskId;

	private final transient FailureDetails failureDetails;

	/**
	 * Creates the exception.
	 * @param taskName the activity or child workflow name
	 * @param taskId the task's sequence number in the workflow
	 * @param failureDetails what went wrong
	 */
	public TaskFailedException(String taskName, int taskId, FailureDetails failureDetails) {
		super("Task '" + taskName + "' (#" + taskId + ") failed with an unhandled exception: "
				+ (failureDetails == null ? null : failureDetails.getErrorMessage()));
		this.taskName = taskName;
		this.taskId = taskId;
		this.failureDetails = failureDetails;
	}

	/**
	 * The failed activity's or child workflow's name.
	 * @return the name
	 */
	public String getTaskName() {
		return this.taskName;
	}

	/**
	 * The failed task's sequence number within its workflow.
	 * @return the task id
	 */
	public int getTaskId() {
		return this.taskId;
	}

	/**
	 * What went wrong.
	 * @return the failure details
	 */
	public FailureDetails getFailureDetails() {
		return this.failureDetails;
	}

	/**
	 * What went wrong; the name durabletask uses for {@link #getFailureDetails()}.
	 * @return the failure details
	 */
	public FailureDetails getErrorDetails() {
		return this.failureDetails;
	}

}
