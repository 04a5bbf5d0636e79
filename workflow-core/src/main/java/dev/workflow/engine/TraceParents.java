package dev.workflow.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * W3C trace parents ({@code traceparent}) for activity calls, derived from what identifies them:
 * the trace id from the workflow instance, so all calls of one instance share a trace, and the
 * span id from the run and the task. Deterministic, so every attempt of a call, on any replica,
 * reports the same parent; a tracing integration can replace them with recorded ones.
 */
final class TraceParents {

	private TraceParents() {
	}

	/**
	 * The trace parent of an activity call.
	 * @param instanceId the calling instance
	 * @param executionId its run
	 * @param taskId the call's task id
	 * @return {@code 00-<32 hex trace id>-<16 hex span id>-01}
	 */
	static String ofActivity(String instanceId, String executionId, int taskId) {
		String traceId = hex(instanceId, 16);
		String spanId = hex(instanceId + '|' + executionId + '|' + taskId, 8);
		return "00-" + traceId + "-" + spanId + "-01";
	}

	private static String hex(String seed, int bytes) {
		byte[] digest;
		try {
			digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
		byte[] id = java.util.Arrays.copyOf(digest, bytes);
		// an all-zero id is invalid in W3C trace context; a hash hits it with no real chance, but be exact
		boolean zero = true;
		for (byte b : id) {
			zero &= b == 0;
		}
		if (zero) {
			id[bytes - 1] = 1;
		}
		return HexFormat.of().formatHex(id);
	}

}
