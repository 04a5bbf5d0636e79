package dev.workflow;

/**
 * Thrown by client operations that need an existing instance (raise event, suspend, resume,
 * terminate) when no instance has the given id.
 */
public class WorkflowInstanceNotFoundException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String instanceId;

	/**
	 * Creates the exception.
	 * @param instanceId the unknown id
	 */
	public WorkflowInstanceNotFoundException(String instanceId) {
		super("No workflow instance with id '" + instanceId + "' exists");
		this.instanceId = instanceId;
	}

	/**
	 * The unknown id.
	 * @return the instance id
	 */
	public String getInstanceId() {
		return this.instanceId;
	}

}
