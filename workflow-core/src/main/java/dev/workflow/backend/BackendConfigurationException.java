package dev.workflow.backend;

import java.util.Collection;
import java.util.List;

/**
 * A backend's configuration is wrong: an unknown key, a malformed value or an unknown backend type.
 * The message says what is wrong and what is allowed.
 */
public class BackendConfigurationException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String key;

	private final List<String> validValues;

	/**
	 * Creates the exception.
	 * @param message what is wrong and what is allowed
	 * @param key the offending key or value, may be null
	 * @param validValues what would have been valid
	 */
	public BackendConfigurationException(String message, String key, Collection<String> validValues) {
		super(message);
		this.key = key;
		this.validValues = List.copyOf(validValues);
	}

	/**
	 * The offending key (or backend type).
	 * @return the key, may be null
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * The keys or values that are valid here.
	 * @return the valid values
	 */
	public List<String> getValidValues() {
		return this.validValues;
	}

}
