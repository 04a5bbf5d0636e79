package dev.workflow.backend.actors;

/**
 * An actor's state was changed by another writer since it was loaded; the save changed nothing.
 * The actor drops its cached state and reloads.
 */
public class EtagMismatchException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message which actor, which etags
	 */
	public EtagMismatchException(String message) {
		super(message);
	}

}
