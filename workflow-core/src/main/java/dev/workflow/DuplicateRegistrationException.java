package dev.workflow;

/**
 * Two workflows (of the same version) or two activities were registered under one name. The
 * message names both declarations.
 */
public class DuplicateRegistrationException extends WorkflowDefinitionException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the name and both declarations
	 */
	public DuplicateRegistrationException(String message) {
		super(message);
	}

}
