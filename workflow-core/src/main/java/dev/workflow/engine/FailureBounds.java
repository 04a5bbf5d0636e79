package dev.workflow.engine;

import dev.workflow.FailureDetails;

/**
 * Shortens failure details to fit the payload limit: a message or stack trace from user code may
 * be of any size, and every payload written obeys the limit.
 */
final class FailureBounds {

	private FailureBounds() {
	}

	/**
	 * The details with message and trace each cut to an eighth of the limit (at least 256
	 * characters), and the inner failures sharing one more such budget between them.
	 * @param failure the details, may be null
	 * @param maxPayloadBytes the payload size limit
	 * @return details that fit, the same object when nothing had to be cut
	 */
	static FailureDetails bounded(FailureDetails failure, long maxPayloadBytes) {
		long maxChars = Math.max(256, maxPayloadBytes / 8);
		return bounded(failure, maxChars, Math.max(64, maxChars / 10));
	}

	private static FailureDetails bounded(FailureDetails failure, long maxChars, long innerChars) {
		if (failure == null) {
			return null;
		}
		String message = shortened(failure.getErrorMessage(), maxChars);
		String trace = shortened(failure.getStackTrace(), maxChars);
		String type = shortened(failure.getErrorType(), 1024);
		FailureDetails inner = bounded(failure.getInnerFailure(), innerChars, innerChars);
		if (message == failure.getErrorMessage() && trace == failure.getStackTrace() && type == failure.getErrorType()
				&& inner == failure.getInnerFailure()) {
			return failure;
		}
		return new FailureDetails(type, message, trace, inner, failure.isNonRetriable());
	}

	private static String shortened(String text, long maxChars) {
		if (text == null || text.length() <= maxChars) {
			return text;
		}
		return text.substring(0, (int) maxChars) + "... (truncated from " + text.length() + " characters to fit "
				+ "the payload size limit)";
	}

}
