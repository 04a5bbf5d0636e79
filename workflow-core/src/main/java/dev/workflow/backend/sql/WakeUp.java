package dev.workflow.backend.sql;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a commit tells pollers: which process committed and which kinds of work it added. Sent
 * across processes as the PostgreSQL NOTIFY payload {@code "<owner>:<letters>"}, one letter per
 * kind ({@code w}, {@code a}); the owner (a UUID) is never read for kinds, since its hex digits hold
 * the same letters.
 *
 * @param owner the committing backend's owner id
 * @param kinds the kinds of work added, never empty
 */
record WakeUp(String owner, Set<Kind> kinds) {

	/** A kind of work a poller waits for. */
	enum Kind {

		/** Workflow turns: new inbox events or instances. */
		WORKFLOW('w'),

		/** Activity calls. */
		ACTIVITY('a');

		private final char letter;

		Kind(char letter) {
			this.letter = letter;
		}

	}

	WakeUp {
		kinds = Set.copyOf(kinds);
	}

	/** The kinds a commit added, or an empty set for none. */
	static Set<Kind> kinds(boolean workflowWork, boolean activityWork) {
		EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
		if (workflowWork) {
			kinds.add(Kind.WORKFLOW);
		}
		if (activityWork) {
			kinds.add(Kind.ACTIVITY);
		}
		return kinds;
	}

	/** The NOTIFY payload. */
	String payload() {
		StringBuilder text = new StringBuilder(this.owner).append(':');
		for (Kind kind : Kind.values()) {
			if (this.kinds.contains(kind)) {
				text.append(kind.letter);
			}
		}
		return text.toString();
	}

	/**
	 * Reads a NOTIFY payload; letters after the last {@code ':'} that name no kind are ignored, so
	 * a newer sender's kinds do not break this receiver.
	 */
	static WakeUp parse(String payload) {
		int colon = payload.lastIndexOf(':');
		EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
		for (char letter : payload.substring(colon + 1).toCharArray()) {
			for (Kind kind : Kind.values()) {
				if (kind.letter == letter) {
					kinds.add(kind);
				}
			}
		}
		return new WakeUp(colon < 0 ? "" : payload.substring(0, colon), kinds);
	}

}
