package dev.workflow.backend.sql;

import java.time.Duration;
import java.time.Instant;

/**
 * Instants in the form every dialect stores and compares: microseconds since the epoch in a
 * BIGINT column, clamped to years -9999..9999 so that they keep their order instead of overflowing.
 */
final class SqlInstants {

	/** The latest instant stored as such; later ones (Instant.MAX, year 300000) are stored as this. */
	static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

	/** The earliest instant stored as such; earlier ones are stored as this. */
	static final Instant FIRST_INSTANT = Instant.parse("-9999-01-01T00:00:00Z");

	private static final long LAST_MICROS = exactMicros(LAST_INSTANT);

	private static final long FIRST_MICROS = exactMicros(FIRST_INSTANT);

	private SqlInstants() {
	}

	/**
	 * An instant as microseconds since the epoch. Instants outside years -9999..9999 are clamped,
	 * so a far timer does not overflow into the past and fire at once.
	 */
	static long micros(Instant i) {
		if (i.isAfter(LAST_INSTANT)) {
			return LAST_MICROS;
		}
		if (i.isBefore(FIRST_INSTANT)) {
			return FIRST_MICROS;
		}
		return exactMicros(i);
	}

	private static long exactMicros(Instant i) {
		return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
	}

	/** {@code at} plus a duration, in microseconds, saturating at the stored range instead of overflowing. */
	static long plus(long atMicros, Duration d) {
		long add;
		try {
			add = Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
		}
		catch (ArithmeticException ex) {
			add = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		long sum;
		try {
			sum = Math.addExact(atMicros, add);
		}
		catch (ArithmeticException ex) {
			sum = add < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		return Math.max(FIRST_MICROS, Math.min(LAST_MICROS, sum));
	}

	/** The instant a stored value stands for. */
	static Instant instant(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
	}

}
