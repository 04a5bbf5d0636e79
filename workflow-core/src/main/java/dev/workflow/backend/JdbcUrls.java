package dev.workflow.backend;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials that a JDBC url may carry before the url reaches a message: startup failures
 * are printed to consoles and logs, which are read by more people than the database password
 * should be. Masks the password of {@code scheme://user:password@host}, of Oracle's
 * {@code thin:user/password@host}, and the value of every parameter whose name contains
 * {@code password}, {@code pwd}, {@code secret} or {@code token} ({@code ?password=..&},
 * {@code ;PASSWORD=..;}). User names, hosts and paths stay, so the message still says which
 * database was meant.
 */
public final class JdbcUrls {

	/** What a masked value reads as. */
	public static final String MASK = "******";

	// user:password@ right after "//"; the password runs to the '@' (it cannot hold '/', which
	// keeps host:port/path from matching).
	private static final Pattern USER_INFO = Pattern.compile("(//[^/@\\s'\"]*?:)([^@/\\s'\"]+)(@)");

	// Oracle thin: jdbc:oracle:thin:user/password@host
	private static final Pattern ORACLE = Pattern.compile("(:thin:[^/:@\\s'\"]+/)([^@\\s'\"]+)(@)");

	// name=value parameters whose name says it is a secret; the value runs to the next separator
	// of url parameters (& or ;), a quote or the end of the line. A password may hold spaces, so
	// masking too much of an unquoted message is the lesser harm.
	private static final Pattern SECRET_PARAMETER = Pattern
		.compile("(?i)(\\b[\\w.-]*(?:password|passwd|pwd|secret|token)[\\w.-]*\\s*=)([^&;'\"\\r\\n]*)");

	private JdbcUrls() {
	}

	/**
	 * Masks the credentials of every JDBC url in a text (a url alone, or a message that quotes one).
	 * @param text the text, may be null
	 * @return the text with passwords replaced by {@link #MASK}; null for null
	 */
	public static String mask(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String masked = replaceSecret(USER_INFO, text);
		masked = replaceSecret(ORACLE, masked);
		return replaceSecret(SECRET_PARAMETER, masked);
	}

	private static String replaceSecret(Pattern pattern, String text) {
		Matcher m = pattern.matcher(text);
		if (!m.find()) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length());
		do {
			String tail = m.groupCount() >= 3 ? m.group(3) : "";
			m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + MASK + tail));
		}
		while (m.find());
		m.appendTail(out);
		return out.toString();
	}

}
