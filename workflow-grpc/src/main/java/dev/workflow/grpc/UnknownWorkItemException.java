package dev.workflow.grpc;

/**
 * A worker completed or abandoned a work item that is not out: it was completed already, given back
 * because the worker's stream closed, or its lease was lost. The item has gone (or goes) to another
 * worker; the result sent is dropped. Flavours answer it with NOT_FOUND.
 */
public final class UnknownWorkItemException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was not found, and why that can happen
	 */
	public UnknownWorkItemException(String message) {
		super(message);
	}

}
