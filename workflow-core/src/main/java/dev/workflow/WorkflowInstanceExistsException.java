package dev.workflow;

/**
 * Thrown when a workflow is scheduled with the id of an instance that is still running and the
 * {@link NewWorkflowOptions.ReusePolicy reuse policy} is {@code ERROR}.
 */
public class WorkflowInstanceExistsException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String instanceId;

	/**
	 * Creates the exception.
	 * @param instanceId the id already in use
	 */
	public WorkflowInstanceExistsException(String instanceId) {
		super("A workflow instance with id '" + instanceId
				+ "' already exists and is not finished; choose another id, or schedule with reuse policy "
				+ "IGNORE (keep the running one) or TERMINATE (replace it)");
		this.instanceId = instanceId;
	}

	/**
	 * Creates the exception with its own message, for other operations that need a finished
	 * instance ({@link WorkflowClient#restartInstance(String, boolean)}).
	 * @param instanceId the id in use
	 * @param message what was refused and what to do instead
	 */
	public WorkflowInstanceExistsException(String instanceId, String message) {
		super(message);
		this.instanceId = instanceId;
	}

	/**
	 * The id already in use.
	 * @return the instance id
	 */
	public String getInstanceId() {
		return this.instanceId;
	}

}
