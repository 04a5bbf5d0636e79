package dev.workflow;

/**
 * A {@link Workflow @Workflow} or {@link Activity @Activity} method has parameters the runtime
 * cannot pass. The message names the method and the signatures that are allowed.
 */
public class UnsupportedSignatureException extends WorkflowDefinitionException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the method and the allowed signatures
	 */
	public UnsupportedSignatureException(String message) {
		super(message);
	}

}
