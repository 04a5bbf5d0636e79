package dev.workflow.backend;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The continuation token of an instance listing: where the last page ended, as the last row's
 * creation time and id (the listing's sort key). Keyset paging keeps pages stable while instances
 * are added. The text form is {@code <ISO-8601 instant>|<instance id>}; callers treat it as opaque.
 *
 * @param createdAt the last row's creation time
 * @param instanceId the last row's instance id
 */
public record ContinuationToken(Instant createdAt, String instanceId) {

	/**
	 * The token that continues after an instance.
	 * @param last the last instance of a page
	 * @return the token
	 */
	public static ContinuationToken after(InstanceMetadata last) {
		return new ContinuationToken(last.createdAt(), last.instanceId());
	}

	/**
	 * Reads a token a previous page returned.
	 * @param text the token's text form
	 * @return the token
	 * @throws IllegalArgumentException if the text is not a token this format wrote
	 */
	public static ContinuationToken parse(String text) {
		int bar = text.indexOf('|');
		if (bar < 0) {
			throw invalid(text, null);
		}
		try {
			return new ContinuationToken(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
		}
		catch (DateTimeParseException ex) {
			throw invalid(text, ex);
		}
	}

	private static IllegalArgumentException invalid(String text, Exception cause) {
		return new IllegalArgumentException(
				"Invalid continuation token '" + text + "'; pass back the token a previous page returned", cause);
	}

	/**
	 * Whether an instance comes after this token in the listing's order (creation time, then id),
	 * so it belongs on the next page.
	 * @param m an instance
	 * @return true if it sorts after the token
	 */
	public boolean precedes(InstanceMetadata m) {
		int c = m.createdAt().compareTo(this.createdAt);
		return c > 0 || (c == 0 && m.instanceId().compareTo(this.instanceId) > 0);
	}

	/**
	 * The text form to hand to callers.
	 * @return {@code <instant>|<id>}
	 */
	@Override
	public String toString() {
		return this.createdAt + "|" + this.instanceId;
	}

}
