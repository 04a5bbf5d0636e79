package dev.workflow.backend;

import java.util.Collection;

/**
 * A backend's configuration has a key the backend does not know (a typo, or a key of another
 * backend type). {@link #getKey()} is the key as written, {@link #getValidValues()} the valid keys.
 */
public class UnknownConfigurationKeyException extends BackendConfigurationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param key the unknown key, as written
	 * @param backendType the backend whose configuration it is in
	 * @param validKeys the keys that backend knows
	 */
	public UnknownConfigurationKeyException(String key, String backendType, Collection<String> validKeys) {
		super("Unknown key '" + key + "' in the configuration of workflow backend '" + backendType
				+ "'; valid keys are " + validKeys, key, validKeys);
	}

}
