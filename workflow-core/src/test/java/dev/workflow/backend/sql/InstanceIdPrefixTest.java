package dev.workflow.backend.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The LIKE pattern of an instance id prefix takes the prefix's wildcards literally. */
class InstanceIdPrefixTest {

	@Test
	void wildcardsAndTheEscapeCharacterAreEscaped() {
		assertThat(InstanceQueries.likePrefix("order-1")).isEqualTo("order-1%");
		assertThat(InstanceQueries.likePrefix("a_b")).isEqualTo("a!_b%");
		assertThat(InstanceQueries.likePrefix("50%!")).isEqualTo("50!%!!%");
	}

}
