package dev.workflow.engine;

import java.nio.charset.StandardCharsets;

/**
 * Checks payload sizes against the configured limit.
 */
public final class Payloads {

	/** The default payload size limit: 2 MiB. */
	public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024;

	private Payloads() {
	}

	/**
	 * Fails if a JSON payload is over the limit.
	 * @param json the payload, may be null
	 * @param maxBytes the limit in UTF-8 bytes
	 * @param what what the payload is, for the message
	 * @throws IllegalArgumentException naming the size and the limit
	 */
	public static void check(String json, long maxBytes, String what) {
		if (json == null || (long) json.length() * 3 <= maxBytes) {
			return;
		}
		long size = json.getBytes(StandardCharsets.UTF_8).length;
		if (size > maxBytes) {
			throw new IllegalArgumentException("The " + what + " is " + size + " bytes, over the payload size limit of "
					+ maxBytes + " bytes (dapr.workflow.max-payload-size); store large data elsewhere and pass a reference");
		}
	}

}
