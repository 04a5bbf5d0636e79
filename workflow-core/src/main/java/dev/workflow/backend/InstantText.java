package dev.workflow.backend;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes and reads instants in exactly the ISO-8601 form of {@link Instant#toString()} (what
 * Jackson writes by default, so stored state does not change), without {@code DateTimeFormatter}:
 * formatting and parsing every history event's timestamp through it was the largest single item in
 * profiles of the backends. Anything not in the canonical form (another offset, a number, a year
 * outside 0000-9999) goes through Jackson's own deserializer, so whatever read before still reads.
 */
final class InstantText {

	/** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
	private static final long DAYS_0000_03_01_TO_EPOCH = 719_468;

	/** Seconds of 0000-01-01T00:00:00Z and of 10000-01-01T00:00:00Z: the years of four digits. */
	private static final long MIN_SECOND = -62_167_219_200L;

	private static final long MAX_SECOND = 253_402_300_800L;

	private static final int[] DAYS_BEFORE_MONTH = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

	private InstantText() {
	}

	/** The Jackson module that registers the serializer and deserializer. */
	static SimpleModule module() {
		SimpleModule module = new SimpleModule("workflow-instant-text");
		module.addSerializer(Instant.class, new StdSerializer<Instant>(Instant.class) {
			@Override
			public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
				gen.writeString(format(value));
			}
		});
		module.addDeserializer(Instant.class, new StdScalarDeserializer<Instant>(Instant.class) {
			@Override
			public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
				if (p.hasToken(JsonToken.VALUE_STRING)) {
					Instant parsed = parse(p.getString());
					if (parsed != null) {
						return parsed;
					}
				}
				return InstantDeserializer.INSTANT.deserialize(p, ctxt);
			}
		});
		return module;
	}

	/** The text of {@link Instant#toString()}. */
	static String format(Instant t) {
		long seconds = t.getEpochSecond();
		if (seconds < MIN_SECOND || seconds >= MAX_SECOND) {
			return t.toString();
		}
		long days = Math.floorDiv(seconds, 86_400);
		int secondOfDay = (int) Math.floorMod(seconds, 86_400);
		// civil date from a day count, in 400-year eras starting on March 1st (leap day last)
		long z = days + DAYS_0000_03_01_TO_EPOCH;
		long era = Math.floorDiv(z, 146_097);
		int dayOfEra = (int) (z - era * 146_097);
		int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
		int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
		int shiftedMonth = (5 * dayOfYear + 2) / 153;
		int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
		int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
		int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
		int nano = t.getNano();
		char[] b = new char[30];
		digits(b, 0, year, 4);
		b[4] = '-';
		digits(b, 5, month, 2);
		b[7] = '-';
		digits(b, 8, day, 2);
		b[10] = 'T';
		digits(b, 11, secondOfDay / 3600, 2);
		b[13] = ':';
		digits(b, 14, secondOfDay / 60 % 60, 2);
		b[16] = ':';
		digits(b, 17, secondOfDay % 60, 2);
		int end = 19;
		if (nano > 0) {
			b[end++] = '.';
			// as ISO_INSTANT: the fraction in groups of three digits, as many as it needs
			if (nano % 1_000_000 == 0) {
				digits(b, end, nano / 1_000_000, 3);
				end += 3;
			}
			else if (nano % 1000 == 0) {
				digits(b, end, nano / 1000, 6);
				end += 6;
			}
			else {
				digits(b, end, nano, 9);
				end += 9;
			}
		}
		b[end++] = 'Z';
		return new String(b, 0, end);
	}

	/**
	 * Parses {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}.
	 * @return the instant, or null when the text is not in that form or not a valid date and time
	 */
	static Instant parse(String s) {
		int n = s.length();
		if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
				|| s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
			return null;
		}
		int year = number(s, 0, 4);
		int month = number(s, 5, 2);
		int day = number(s, 8, 2);
		int hour = number(s, 11, 2);
		int minute = number(s, 14, 2);
		int second = number(s, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0 || hour > 23
				|| minute < 0 || minute > 59 || second < 0 || second > 59) {
			return null;
		}
		int nano = 0;
		if (n > 20) {
			int digits = n - 21;
			if (s.charAt(19) != '.' || digits < 1) {
				return null;
			}
			nano = number(s, 20, digits);
			if (nano < 0) {
				return null;
			}
			for (int i = digits; i < 9; i++) {
				nano *= 10;
			}
		}
		else if (n != 20) {
			return null;
		}
		long days = epochDay(year, month, day);
		return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nano);
	}

	private static long epochDay(int year, int month, int day) {
		long y = year;
		long total = 365 * y;
		// leap days before this year (year 0 is a leap year in the proleptic calendar)
		total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
		total += DAYS_BEFORE_MONTH[month - 1] + (month > 2 && isLeap(year) ? 1 : 0) + day - 1;
		// days from 0000-01-01 to 1970-01-01
		return total - 719_528;
	}

	private static boolean isLeap(int year) {
		return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
	}

	private static int lengthOfMonth(int year, int month) {
		return switch (month) {
			case 2 -> isLeap(year) ? 29 : 28;
			case 4, 6, 9, 11 -> 30;
			default -> 31;
		};
	}

	/** The decimal number of {@code length} digits at {@code from}, or -1 if one is not a digit. */
	private static int number(String s, int from, int length) {
		int v = 0;
		for (int i = from; i < from + length; i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			v = v * 10 + (c - '0');
		}
		return v;
	}

	private static void digits(char[] b, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			b[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

}
