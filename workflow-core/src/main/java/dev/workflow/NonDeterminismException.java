package dev.workflow;

/**
 * A replay of a workflow did not produce the actions recorded in its history: the workflow code
 * changed in a way that is not compatible with running instances, or it is not deterministic.
 * The instance is failed with this exception's message, which names the expected (history) and the
 * actual (code) event.
 */
public class NonDeterminismException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was expected and what the code did
	 */
	public NonDeterminismException(String message) {
		super(message);
	}

}
