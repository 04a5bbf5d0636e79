package dev.workflow.backend;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backend's settings ({@code dapr.workflow.backend-configuration.*} or a Dapr component's
 * metadata). Keys match ignoring case, dashes, dots and underscores, so {@code connection-string},
 * {@code connectionString} and {@code CONNECTION_STRING} are one key. Durations accept Go/Dapr
 * ({@code 1m30s}, {@code 500ms}), Spring ({@code 2m}) and ISO-8601 ({@code PT2M}) forms.
 */
public final class BackendConfiguration {

	/** The shortest lease a lock timeout may set: shorter ones expire under ordinary pauses (GC, load). */
	public static final Duration MIN_LOCK_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * The longest lease a lock timeout may set. Leases are renewed while work runs, so the timeout
	 * only bounds how long a crashed worker's work waits before another takes it over.
	 */
	public static final Duration MAX_LOCK_TIMEOUT = Duration.ofHours(1);

	/** What an overlong duration parses to, instead of overflowing: far above every bound. */
	private static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE / 2);

	private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h|d)");

	private final Map<String, String> values;

	private final Map<String, String> originalKeys;

	/**
	 * Creates a configuration from raw settings.
	 * @param settings the settings; values are turned into strings
	 */
	public BackendConfiguration(Map<String, ?> settings) {
		Map<String, String> v = new LinkedHashMap<>();
		Map<String, String> o = new LinkedHashMap<>();
		if (settings != null) {
			settings.forEach((key, value) -> {
				String k = normalize(key);
				v.put(k, value == null ? null : String.valueOf(value));
				o.put(k, key);
			});
		}
		this.values = Collections.unmodifiableMap(v);
		this.originalKeys = Collections.unmodifiableMap(o);
	}

	/**
	 * An empty configuration.
	 * @return no settings
	 */
	public static BackendConfiguration empty() {
		return new BackendConfiguration(Map.of());
	}

	/**
	 * The canonical form of a key: lower case without dashes, dots and underscores.
	 * @param key a key as written
	 * @return the canonical key
	 */
	public static String normalize(String key) {
		return key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * Fails on any key outside the given ones.
	 * @param backendType the backend's type name, for the message
	 * @param validKeys the valid keys, in their documented (dashed) form
	 * @throws BackendConfigurationException naming the unknown key and listing the valid ones
	 */
	public void requireKnownKeys(String backendType, Set<String> validKeys) {
		Set<String> normalized = new TreeSet<>();
		validKeys.forEach(k -> normalized.add(normalize(k)));
		for (Map.Entry<String, String> e : this.originalKeys.entrySet()) {
			if (!normalized.contains(e.getKey())) {
				throw new UnknownConfigurationKeyException(e.getValue(), backendType, new TreeSet<>(validKeys));
			}
		}
	}

	/**
	 * Whether a key is set.
	 * @param key the key in any form
	 * @return true if set to a non-blank value
	 */
	public boolean has(String key) {
		String v = this.values.get(normalize(key));
		return v != null && !v.isBlank();
	}

	/**
	 * A string setting.
	 * @param key the key in any form
	 * @param defaultValue the value when unset
	 * @return the value
	 */
	public String getString(String key, String defaultValue) {
		String v = this.values.get(normalize(key));
		return (v == null || v.isBlank()) ? defaultValue : v.trim();
	}

	/**
	 * A duration setting.
	 * @param key the key in any form
	 * @param defaultValue the value when unset
	 * @return the value
	 * @throws BackendConfigurationException if the value is not a positive duration
	 */
	public Duration getDuration(String key, Duration defaultValue) {
		String v = getString(key, null);
		if (v == null) {
			return defaultValue;
		}
		Duration d = parseDuration(v);
		if (d == null || d.isNegative() || d.isZero()) {
			throw new BackendConfigurationException("Invalid duration '" + v + "' for key '" + this.originalKeys.get(normalize(key))
					+ "'; use a positive duration such as 500ms, 30s, 2m, 1h30m or PT2M", key,
					Set.of("500ms", "30s", "2m", "1h30m", "PT2M"));
		}
		return d;
	}

	/**
	 * A duration setting within bounds.
	 * @param key the key in any form
	 * @param defaultValue the value when unset
	 * @param min the smallest value allowed
	 * @param max the largest value allowed
	 * @return the value
	 * @throws BackendConfigurationException if the value is not a duration, or outside
	 * {@code [min, max]}: the message names the key, the value and the range
	 */
	public Duration getDuration(String key, Duration defaultValue, Duration min, Duration max) {
		Duration d = getDuration(key, defaultValue);
		if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
			String v = getString(key, null);
			String written = this.originalKeys.getOrDefault(normalize(key), key);
			throw new BackendConfigurationException("Invalid value '" + v + "' for key '" + written + "': it must be "
					+ "from " + format(min) + " to " + format(max) + " (for example " + format(defaultValue) + ")", key,
					Set.of(format(min), format(max)));
		}
		return d;
	}

	/**
	 * A lock timeout ({@code orchestration-lock-timeout}, {@code activity-lock-timeout}), from
	 * {@link #MIN_LOCK_TIMEOUT} to {@link #MAX_LOCK_TIMEOUT}.
	 * @param key the key in any form
	 * @param defaultValue the value when unset
	 * @return the value
	 * @throws BackendConfigurationException if malformed or out of range, naming key, value and range
	 */
	public Duration getLockTimeout(String key, Duration defaultValue) {
		return getDuration(key, defaultValue, MIN_LOCK_TIMEOUT, MAX_LOCK_TIMEOUT);
	}

	private static String format(Duration d) {
		if (d.toMillis() % 3_600_000 == 0 && !d.isZero()) {
			return d.toHours() + "h";
		}
		if (d.toMillis() % 60_000 == 0 && !d.isZero()) {
			return d.toMinutes() + "m";
		}
		if (d.toMillis() % 1000 == 0) {
			return d.toSeconds() + "s";
		}
		return d.toMillis() + "ms";
	}

	/**
	 * An integer setting.
	 * @param key the key in any form
	 * @param defaultValue the value when unset
	 * @return the value
	 * @throws BackendConfigurationException if the value is not a whole number
	 */
	public int getInt(String key, int defaultValue) {
		String v = getString(key, null);
		if (v == null) {
			return defaultValue;
		}
		try {
			return Integer.parseInt(v);
		}
		catch (NumberFormatException ex) {
			throw new BackendConfigurationException("Invalid number '" + v + "' for key '" + this.originalKeys.get(normalize(key))
					+ "'; use a whole number", key, Set.of());
		}
	}

	/**
	 * The settings as given, by their original keys.
	 * @return the keys as written
	 */
	public Set<String> keys() {
		return new TreeSet<>(this.originalKeys.values());
	}

	static Duration parseDuration(String text) {
		String t = text.trim();
		if (t.isEmpty()) {
			return null;
		}
		if (t.startsWith("P") || t.startsWith("p")) {
			try {
				return Duration.parse(t.toUpperCase(Locale.ROOT));
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}
		if (t.chars().allMatch(Character::isDigit)) {
			// more digits than a long holds: too long, which the range checks then report
			return t.length() > 15 ? TOO_LONG : Duration.ofMillis(Long.parseLong(t));
		}
		Matcher m = DURATION_PART.matcher(t.toLowerCase(Locale.ROOT));
		Duration total = Duration.ZERO;
		int end = 0;
		while (m.find()) {
			if (m.start() != end) {
				return null;
			}
			end = m.end();
			double n = Double.parseDouble(m.group(1));
			long nanos = switch (m.group(2)) {
				case "ns" -> (long) n;
				case "us" -> (long) (n * 1_000);
				case "ms" -> (long) (n * 1_000_000);
				case "s" -> (long) (n * 1_000_000_000L);
				case "m" -> (long) (n * 60_000_000_000L);
				case "h" -> (long) (n * 3_600_000_000_000L);
				default -> (long) (n * 86_400_000_000_000L);
			};
			try {
				total = total.plusNanos(nanos);
			}
			catch (ArithmeticException ex) {
				total = TOO_LONG;
			}
		}
		return end == t.length() ? total : null;
	}

	@Override
	public String toString() {
		return this.originalKeys.values().toString();
	}

}
