package dev.workflow.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Bounds on instants and durations, so that no arithmetic on a user's time overflows and every
 * backend stores the same instant: a timer, a retry or a start time past {@link #MAX_INSTANT}
 * is clamped to it (it never fires in practice), a wait of any length saturates.
 */
final class TimeBounds {

	/** The latest instant a timer or scheduled start can have: 9999-12-31T23:59:59Z. */
	public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

	/** The earliest scheduled start time accepted: the epoch (anything earlier means "now" anyway). */
	public static final Instant MIN_INSTANT = Instant.EPOCH;

	private TimeBounds() {
	}

	/**
	 * An instant no later than {@link #MAX_INSTANT}.
	 * @param instant the instant
	 * @return the instant, or the bound
	 */
	public static Instant clamp(Instant instant) {
		return instant.isAfter(MAX_INSTANT) ? MAX_INSTANT : instant;
	}

	/**
	 * {@code from + delay}, saturating at {@link #MAX_INSTANT} instead of overflowing.
	 * @param from the start, at most {@link #MAX_INSTANT}
	 * @param delay the delay; negative counts as zero
	 * @return the clamped sum
	 */
	public static Instant plus(Instant from, Duration delay) {
		if (delay.isNegative()) {
			return clamp(from);
		}
		if (from.isAfter(MAX_INSTANT) || delay.compareTo(Duration.between(from, MAX_INSTANT)) >= 0) {
			return MAX_INSTANT;
		}
		return from.plus(delay);
	}

	/**
	 * A duration in nanoseconds, saturating at {@link Long#MAX_VALUE} (about 292 years).
	 * @param d the duration, not negative
	 * @return the nanoseconds
	 */
	public static long toNanos(Duration d) {
		if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
			return Long.MAX_VALUE;
		}
		return d.toNanos();
	}

}
