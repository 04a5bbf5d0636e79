package dev.workflow.backend.sql;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NOTIFY payload of a wake-up: kinds are read only after the owner, whose hex digits hold the
 * same letters.
 */
class WakeUpTest {

	private static final String OWNER = "aaaaaaaa-bbbb-4aaa-aaaa-aaaaaaaaaaaa";

	@Test
	void payloadNamesOwnerAndKindsAndReadsBack() {
		WakeUp both = new WakeUp(OWNER, WakeUp.kinds(true, true));
		assertThat(both.payload()).isEqualTo(OWNER + ":wa");
		assertThat(WakeUp.parse(both.payload())).isEqualTo(both);
	}

	@Test
	void lettersOfTheOwnerAreNoKinds() {
		WakeUp parsed = WakeUp.parse(OWNER + ":w");
		assertThat(parsed.owner()).isEqualTo(OWNER);
		assertThat(parsed.kinds()).containsExactly(WakeUp.Kind.WORKFLOW);
	}

	@Test
	void unknownLettersAreIgnored() {
		assertThat(WakeUp.parse(OWNER + ":xa").kinds()).isEqualTo(Set.of(WakeUp.Kind.ACTIVITY));
		assertThat(WakeUp.kinds(false, false)).isEmpty();
	}

}
