package dev.workflow;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A cron expression in Spring's six-field syntax ({@code CronExpression}): second, minute, hour,
 * day of month, month, day of week, separated by spaces. Each field takes {@code *}, a value, a
 * range {@code a-b}, a step {@code *}{@code /n}, {@code a/n} or {@code a-b/n}, and lists of these
 * separated by commas; months and days of week take names ({@code JAN}, {@code MON}), day of week
 * counts 0 or 7 as Sunday; {@code ?} means {@code *} in the day fields. Day of month also takes
 * {@code L} (last day), {@code L-n}, {@code nW} (nearest weekday) and {@code LW}; day of week
 * takes {@code nL} (last such day of the month) and {@code n#k} (k-th such day). The macros
 * {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight} and {@code @hourly} stand for their usual expressions. As in Spring, a time
 * matches when every field matches (day of month and day of week are both required).
 *
 * <p>It lives in the core (no Spring needed) because schedules compute their due times inside a
 * workflow, deterministically on replay.
 */
public final class Cron {

	private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 0 1 1 *", "@annually", "0 0 0 1 1 *",
			"@monthly", "0 0 0 1 * *", "@weekly", "0 0 0 * * 0", "@daily", "0 0 0 * * *", "@midnight",
			"0 0 0 * * *", "@hourly", "0 0 * * * *");

	private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
			"OCT", "NOV", "DEC");

	private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

	/** How far ahead to look for a match before deciding there is none (e.g. 30 February). */
	private static final int SEARCH_YEARS = 8;

	private final String expression;

	private final BitSet seconds;

	private final BitSet minutes;

	private final BitSet hours;

	private final BitSet months;

	private final DayRule days;

	private Cron(String expression, BitSet seconds, BitSet minutes, BitSet hours, BitSet months, DayRule days) {
		this.expression = expression;
		this.seconds = seconds;
		this.minutes = minutes;
		this.hours = hours;
		this.months = months;
		this.days = days;
	}

	/**
	 * Parses an expression.
	 * @param expression six fields or a macro
	 * @return the parsed expression
	 * @throws IllegalArgumentException naming the expression, the bad field and what it allows
	 */
	public static Cron parse(String expression) {
		if (expression == null || expression.isBlank()) {
			throw new IllegalArgumentException("Invalid cron expression " + (expression == null ? "null" : "''")
					+ ": expected six fields (second minute hour day-of-month month day-of-week), e.g. '0 */5 * * * *'");
		}
		String text = MACROS.getOrDefault(expression.trim().toLowerCase(Locale.ROOT), expression.trim());
		String[] f = text.split("\\s+");
		if (f.length != 6) {
			throw new IllegalArgumentException("Invalid cron expression '" + expression + "': it has " + f.length
					+ " fields; expected six (second minute hour day-of-month month day-of-week), e.g. '0 */5 * * * *'");
		}
		try {
			return new Cron(expression, field(f[0], 0, 59, null, "second"), field(f[1], 0, 59, null, "minute"),
					field(f[2], 0, 23, null, "hour"), field(f[4], 1, 12, MONTHS, "month"),
					new DayRule(dayOfMonth(f[3]), dayOfWeek(f[5])));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid cron expression '" + expression + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * The first matching time strictly after the given one, in its zone.
	 * @param after the time to start from
	 * @return the next match, or null if there is none in the next years (e.g. {@code 0 0 0 30 2 *})
	 */
	public ZonedDateTime next(ZonedDateTime after) {
		Objects.requireNonNull(after, "after");
		ZonedDateTime t = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		int lastYear = t.getYear() + SEARCH_YEARS;
		while (t.getYear() <= lastYear) {
			if (!this.months.get(t.getMonthValue())) {
				t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(t.getZone());
			}
			else if (!this.days.matches(t.toLocalDate())) {
				t = t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
			}
			else if (!this.hours.get(t.getHour())) {
				t = later(t, ChronoUnit.HOURS);
			}
			else if (!this.minutes.get(t.getMinute())) {
				t = later(t, ChronoUnit.MINUTES);
			}
			else if (!this.seconds.get(t.getSecond())) {
				t = t.plusSeconds(1);
			}
			else {
				return t;
			}
		}
		return null;
	}

	/**
	 * The start of the next hour or minute, one unit of elapsed time on (so a local time repeated
	 * when clocks go back is visited twice, as Spring does). Where an offset change of half an
	 * hour would lead back to where the search stands, the next local hour or minute is taken.
	 */
	private static ZonedDateTime later(ZonedDateTime t, ChronoUnit unit) {
		ZonedDateTime candidate = t.truncatedTo(unit).plus(1, unit);
		if (candidate.isAfter(t)) {
			return candidate;
		}
		LocalDateTime local = t.toLocalDateTime().truncatedTo(unit).plus(1, unit);
		return ZonedDateTime.ofLocal(local, t.getZone(), t.getOffset());
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Cron c && c.expression.equals(this.expression);
	}

	@Override
	public int hashCode() {
		return this.expression.hashCode();
	}

	/**
	 * The expression as given.
	 * @return the text
	 */
	@Override
	public String toString() {
		return this.expression;
	}

	private static BitSet field(String text, int min, int max, List<String> names, String what) {
		BitSet bits = new BitSet(max + 1);
		for (String part : text.split(",", -1)) {
			if (part.isEmpty()) {
				throw new IllegalArgumentException("the " + what + " field '" + text + "' has an empty list item");
			}
			int step = 1;
			String range = part;
			int slash = part.indexOf('/');
			if (slash >= 0) {
				range = part.substring(0, slash);
				step = number(part.substring(slash + 1), 1, max - min + 1, what);
			}
			int from;
			int to;
			if (range.equals("*") || range.equals("?")) {
				from = min;
				to = max;
			}
			else {
				int dash = range.indexOf('-', 1);
				from = value(dash < 0 ? range : range.substring(0, dash), min, max, names, what);
				to = dash < 0 ? (slash >= 0 ? max : from) : value(range.substring(dash + 1), min, max, names, what);
				if (to < from) {
					throw new IllegalArgumentException("the " + what + " range '" + range + "' ends before it starts");
				}
			}
			for (int v = from; v <= to; v += step) {
				bits.set(v);
			}
		}
		return bits;
	}

	private static int value(String text, int min, int max, List<String> names, String what) {
		if (names != null) {
			int index = names.indexOf(text.toUpperCase(Locale.ROOT));
			if (index >= 0) {
				return index + min;
			}
		}
		return number(text, min, max, what);
	}

	private static int number(String text, int min, int max, String what) {
		int n;
		try {
			n = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a valid " + what + "; allowed are " + min + "-"
					+ max + (what.equals("month") ? " or JAN-DEC" : what.equals("day of week") ? " or SUN-SAT" : ""));
		}
		if (n < min || n > max) {
			throw new IllegalArgumentException(what + " " + n + " is out of range " + min + "-" + max);
		}
		return n;
	}

	private static DayOfMonth dayOfMonth(String text) {
		String t = text.toUpperCase(Locale.ROOT);
		if (t.equals("L")) {
			return new DayOfMonth(null, 0, false, 0);
		}
		if (t.startsWith("L-")) {
			return new DayOfMonth(null, number(t.substring(2), 0, 30, "day of month offset"), false, 0);
		}
		if (t.equals("LW")) {
			return new DayOfMonth(null, 0, true, 0);
		}
		if (t.endsWith("W")) {
			return new DayOfMonth(null, -1, true, number(t.substring(0, t.length() - 1), 1, 31, "day of month"));
		}
		return new DayOfMonth(field(t, 1, 31, null, "day of month"), -1, false, 0);
	}

	private static DayOfWeekRule dayOfWeek(String text) {
		String t = text.toUpperCase(Locale.ROOT);
		if (t.endsWith("L") && t.length() > 1) {
			return new DayOfWeekRule(null, weekday(t.substring(0, t.length() - 1)), -1);
		}
		int hash = t.indexOf('#');
		if (hash > 0) {
			return new DayOfWeekRule(null, weekday(t.substring(0, hash)),
					number(t.substring(hash + 1), 1, 5, "day of week ordinal"));
		}
		BitSet bits = field(t, 0, 7, DAYS, "day of week");
		if (bits.get(7)) {
			bits.set(0);
		}
		return new DayOfWeekRule(bits, null, 0);
	}

	private static DayOfWeek weekday(String text) {
		int v = value(text, 0, 7, DAYS, "day of week");
		return v == 0 || v == 7 ? DayOfWeek.SUNDAY : DayOfWeek.of(v);
	}

	/** Day of month: a set of days, or the last day minus an offset, or the weekday nearest a day. */
	private record DayOfMonth(BitSet days, int lastOffset, boolean weekday, int day) {

		boolean matches(LocalDate d) {
			int length = d.lengthOfMonth();
			if (this.days != null) {
				return this.days.get(d.getDayOfMonth());
			}
			int target = this.lastOffset >= 0 ? length - this.lastOffset : Math.min(this.day, length);
			if (!this.weekday) {
				return target >= 1 && d.getDayOfMonth() == target;
			}
			LocalDate t = d.withDayOfMonth(Math.max(1, target));
			if (t.getDayOfWeek() == DayOfWeek.SATURDAY) {
				t = t.getDayOfMonth() == 1 ? t.plusDays(2) : t.minusDays(1);
			}
			else if (t.getDayOfWeek() == DayOfWeek.SUNDAY) {
				t = t.getDayOfMonth() == length ? t.minusDays(2) : t.plusDays(1);
			}
			return t.equals(d);
		}

	}

	/** Day of week: a set of days (0 = Sunday), or the last or k-th such day of the month. */
	private record DayOfWeekRule(BitSet days, DayOfWeek weekday, int ordinal) {

		boolean matches(LocalDate d) {
			if (this.days != null) {
				return this.days.get(d.getDayOfWeek().getValue() % 7);
			}
			if (d.getDayOfWeek() != this.weekday) {
				return false;
			}
			if (this.ordinal < 0) {
				return d.equals(d.with(TemporalAdjusters.lastInMonth(this.weekday)));
			}
			return d.equals(d.with(TemporalAdjusters.dayOfWeekInMonth(this.ordinal, this.weekday)));
		}

	}

	private record DayRule(DayOfMonth dayOfMonth, DayOfWeekRule dayOfWeek) {

		boolean matches(LocalDate d) {
			return this.dayOfMonth.matches(d) && this.dayOfWeek.matches(d);
		}

	}

}
