package dev.workflow.backend;

import java.util.Collection;

/**
 * No backend of the configured type is available. {@link #getKey()} is the type asked for,
 * {@link #getValidValues()} the types whose providers are on the class path.
 */
public class UnknownBackendTypeException extends BackendConfigurationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param type the type asked for
	 * @param validTypes the available types
	 */
	public UnknownBackendTypeException(String type, Collection<String> validTypes) {
		super("Unknown workflow backend type '" + type + "'; valid types are " + validTypes
				+ " (a type is available when its module is on the class path)", type, validTypes);
	}

}
