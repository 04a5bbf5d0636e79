package dev.workflow.engine;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Instance id rules: 1 to 64 characters of {@code [A-Za-z0-9_:.-]}.
 */
final class InstanceIds {

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_:.\\-]{1,64}");

	private InstanceIds() {
	}

	/**
	 * Fails on an invalid instance id.
	 * @param instanceId the id
	 * @throws IllegalArgumentException saying what is wrong and what is allowed
	 */
	public static void validate(String instanceId) {
		if (instanceId == null || !VALID.matcher(instanceId).matches()) {
			String shown = instanceId == null ? "null"
					: "'" + (instanceId.length() > 80 ? instanceId.substring(0, 80) + "..." : instanceId) + "'"
							+ " (" + instanceId.length() + " characters)";
			throw new IllegalArgumentException("Invalid workflow instance id " + shown
					+ ": an instance id must be 1 to 64 characters of letters, digits, '_', ':', '.' and '-'");
		}
	}

	/**
	 * A new random instance id.
	 * @return the id
	 */
	public static String random() {
		return UUID.randomUUID().toString();
	}

	/**
	 * A child's derived id: the parent's id and the call's number, or a hash if that is too long.
	 * @param parentId the parent's instance id
	 * @param executionId the parent's run id
	 * @param taskId the call's sequence number
	 * @return the child id
	 */
	static String childId(String parentId, String executionId, int taskId) {
		String id = parentId + ":" + String.format("%04d", taskId);
		if (id.length() <= 64) {
			return id;
		}
		return UUID.nameUUIDFromBytes((parentId + "|" + executionId + "|" + taskId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

}
