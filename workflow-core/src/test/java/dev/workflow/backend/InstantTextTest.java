package dev.workflow.backend;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstantTextTest {

	private record Stamped(Instant at) {
	}

	@Test
	void formatsExactlyAsInstantToStringOverFourDigitYearsAndEveryFractionWidth() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 200_000; i++) {
			long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
			int nano = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant t = Instant.ofEpochSecond(seconds, nano);
			String text = InstantText.format(t);
			assertThat(text).as("%s", t).isEqualTo(t.toString());
			assertThat(InstantText.parse(text)).as(text).isEqualTo(t);
		}
		for (String edge : new String[] { "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
				"1970-01-01T00:00:00Z", "2000-02-29T12:00:00.5Z", "2024-02-29T23:59:59.123456Z", "1969-12-31T23:59:59.9Z" }) {
			assertThat(InstantText.parse(edge)).as(edge).isEqualTo(Instant.parse(edge));
		}
	}

	@Test
	void yearsBeyondFourDigitsFallBackToTheJdkText() {
		Instant far = Instant.parse("+12345-01-01T00:00:00Z");
		assertThat(InstantText.format(far)).isEqualTo(far.toString());
		assertThat(BackendJson.read(BackendJson.write(new Stamped(far)), Stamped.class).at()).isEqualTo(far);
	}

	@Test
	void rejectsTextNotInTheCanonicalFormSoJacksonReadsIt() {
		for (String other : new String[] { "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z",
				"2024-01-01T00:00:00+01:00", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z",
				"2024-1-01T00:00:00Z", "2024-01-01 00:00:00Z", "x024-01-01T00:00:00Z" }) {
			assertThat(InstantText.parse(other)).as(other).isNull();
		}
	}

	@Test
	void readsWhatJacksonsDefaultWroteAndOtherFormsJacksonAccepts() {
		assertThat(BackendJson.read("{\"at\":\"2024-05-06T07:08:09.123Z\"}", Stamped.class).at())
			.isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
		assertThat(BackendJson.read("{\"at\":\"2024-05-06T09:08:09+02:00\"}", Stamped.class).at())
			.isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
		assertThat(BackendJson.read("{\"at\":1700000000.5}", Stamped.class).at())
			.isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
		assertThat(BackendJson.read("{\"at\":null}", Stamped.class).at()).isNull();
		assertThat(BackendJson.write(new Stamped(Instant.parse("2024-05-06T07:08:09.120Z"))))
			.isEqualTo("{\"at\":\"2024-05-06T07:08:09.120Z\"}");
	}

}
