package dev.workflow.backend;

/**
 * The worker's lease on a work item expired or was taken over by another worker; its completion
 * changed nothing. The new holder will process the work.
 */
public class WorkItemLockLostException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message which work item, and why the lock is gone
	 */
	public WorkItemLockLostException(String message) {
		super(message);
	}

}
