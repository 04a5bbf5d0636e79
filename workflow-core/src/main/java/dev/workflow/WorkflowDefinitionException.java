package dev.workflow;

/**
 * A workflow or activity cannot be registered: a duplicate name, or a method whose signature the
 * runtime cannot call. The message names the declarations involved and what is allowed.
 */
public class WorkflowDefinitionException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is wrong, naming the declarations
	 */
	public WorkflowDefinitionException(String message) {
		super(message);
	}

}
