package dev.workflow.engine;

/**
 * The one rule for workflow, activity and event names, checked up front on every path (client
 * calls, workflow code, registration) so that every backend gives the same answer and no name
 * reaches storage that a backend's column cannot hold.
 */
final class Names {

	/** The longest name: what every backend's name column holds. */
	public static final int MAX_LENGTH = 256;

	/** The rule, as error messages state it. */
	public static final String RULE = "a name must be 1 to " + MAX_LENGTH
			+ " characters, not blank, without control characters";

	private Names() {
	}

	/**
	 * Whether a name follows the rule.
	 * @param name the name, may be null
	 * @return true if valid
	 */
	public static boolean isValid(String name) {
		if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || name.isBlank()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			if (Character.isISOControl(name.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Fails on an invalid name.
	 * @param name the name
	 * @param kind what it names, for the message: "workflow", "activity" or "event"
	 * @return the name
	 * @throws IllegalArgumentException naming the argument, what is wrong and the rule
	 */
	public static String validate(String name, String kind) {
		if (!isValid(name)) {
			throw new IllegalArgumentException(describe(name, kind));
		}
		return name;
	}

	/**
	 * The message for an invalid name.
	 * @param name the name
	 * @param kind what it names
	 * @return the message
	 */
	static String describe(String name, String kind) {
		return "Invalid " + kind + " name " + shown(name) + ": " + RULE;
	}

	/** The name as a message shows it: shortened, control characters escaped. */
	static String shown(String name) {
		if (name == null) {
			return "null";
		}
		String head = name.length() > 60 ? name.substring(0, 60) + "..." : name;
		StringBuilder b = new StringBuilder(head.length() + 16).append('\'');
		for (int i = 0; i < head.length(); i++) {
			char c = head.charAt(i);
			if (Character.isISOControl(c)) {
				b.append(String.format("\\u%04x", (int) c));
			}
			else {
				b.append(c);
			}
		}
		return b.append("' (").append(name.length()).append(" characters)").toString();
	}

}
