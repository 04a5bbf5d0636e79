package dev.workflow.spring.boot.autoconfigure;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

import dev.workflow.Cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core's cron evaluator (used by schedules, which compute due times inside workflows and so
 * cannot use Spring) against Spring's {@link CronExpression}: the same next time for many
 * expressions, zones and start times, and the same expressions rejected.
 */
class CronMatchesSpringTests {

	private static final List<String> EXPRESSIONS = List.of("* * * * * *", "*/1 * * * * *", "*/2 * * * * *",
			"0 * * * * *", "0 0 * * * *", "0 0 6 * * MON-FRI", "0 0 0 1 1 *", "0 15 10 ? * *", "0 0/5 14,18 * * ?",
			"0 0-5 14 * * ?", "0 10,44 14 ? 3 WED", "0 15 10 ? * MON-FRI", "0 15 10 15 * ?", "0 15 10 L * ?",
			"0 15 10 L-2 * ?", "0 15 10 ? * 6L", "0 15 10 ? * 5L", "0 15 10 ? * 6#3", "0 15 10 ? * MON#1",
			"0 0 12 1/5 * ?", "0 11 11 11 11 ?", "0 0 0 15W * ?", "0 0 0 1W * ?", "0 0 0 LW * ?",
			"30 45 23 31 * *", "0 0 0 29 2 *", "0 0 0 13 * FRI", "5-10/2 3/7 1-23/4 * JAN-MAR,oct SUN,sat",
			"0 30 2 * * *", "0 0 0 * * 7", "0 0 0 * * 0", "@hourly", "@daily", "@weekly", "@monthly", "@yearly",
			"59 59 23 31 12 *", "0 */15 9-17 * * 1-5", "10-20 * * * * *", "0 0 1 1-7 * SUN");

	private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Paris"),
			ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"));

	@Test
	void nextTimesMatchSpringCronExpression() {
		Random random = new Random(42);
		int compared = 0;
		for (String expression : EXPRESSIONS) {
			Cron ours = Cron.parse(expression);
			CronExpression spring = CronExpression.parse(expression);
			for (int i = 0; i < 60; i++) {
				ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
				long seconds = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond()
						+ (long) (random.nextDouble() * 8 * 365 * 24 * 3600);
				ZonedDateTime start = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000)).atZone(zone);
				ZonedDateTime expected = spring.next(start);
				ZonedDateTime actual = ours.next(start);
				assertThat(actual).as("next of '%s' after %s", expression, start).isEqualTo(expected);
				// chained: the match itself as the start
				if (expected != null) {
					assertThat(ours.next(expected)).as("next of '%s' after %s", expression, expected)
						.isEqualTo(spring.next(expected));
				}
				compared++;
			}
		}
		assertThat(compared).isEqualTo(EXPRESSIONS.size() * 60);
	}

	@Test
	void daylightSavingTransitionsMatchSpring() {
		ZoneId paris = ZoneId.of("Europe/Paris");
		for (String expression : List.of("0 30 2 * * *", "0 0 * * * *", "0 */30 1-3 * * *", "0 0 3 * * *")) {
			for (String day : List.of("2024-03-30T12:00:00", "2024-10-26T12:00:00", "2024-03-31T01:59:59",
					"2024-10-27T02:30:00")) {
				ZonedDateTime start = java.time.LocalDateTime.parse(day).atZone(paris);
				ZonedDateTime t = start;
				ZonedDateTime s = start;
				for (int i = 0; i < 6; i++) {
					t = Cron.parse(expression).next(t);
					s = CronExpression.parse(expression).next(s);
					assertThat(t).as("'%s' step %d from %s", expression, i, start).isEqualTo(s);
				}
			}
		}
	}

	@Test
	void invalidExpressionsAreRejectedLikeSpringDoes() {
		for (String bad : List.of("* * * * *", "* * * * * * *", "60 * * * * *", "* 60 * * * *", "* * 24 * * *",
				"* * * 32 * *", "* * * * 13 *", "* * * * * 8", "a * * * * *", "5-1 * * * * *", "*/0 * * * * *",
				"", "1,,2 * * * * *")) {
			assertThatThrownBy(() -> CronExpression.parse(bad)).as("Spring rejects '%s'", bad)
				.isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> Cron.parse(bad)).as("we reject '%s'", bad)
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("Invalid cron expression");
		}
	}

}
