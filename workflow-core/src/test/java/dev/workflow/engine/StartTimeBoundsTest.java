package dev.workflow.engine;

import org.junit.jupiter.api.Test;

import dev.workflow.NewWorkflowOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link NewWorkflowOptions} checks start times against its own copy of the engine's bounds (the
 * public API does not reach into the engine); the two must stay equal.
 */
class StartTimeBoundsTest {

	@Test
	void startTimeRangeOfTheOptionsIsTheEnginesRange() {
		NewWorkflowOptions options = new NewWorkflowOptions();
		assertThat(options.setStartTime(TimeBounds.MIN_INSTANT).getStartTime()).isEqualTo(TimeBounds.MIN_INSTANT);
		assertThat(options.setStartTime(TimeBounds.MAX_INSTANT).getStartTime()).isEqualTo(TimeBounds.MAX_INSTANT);
		assertThatThrownBy(() -> options.setStartTime(TimeBounds.MIN_INSTANT.minusNanos(1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(TimeBounds.MIN_INSTANT.toString())
			.hasMessageContaining(TimeBounds.MAX_INSTANT.toString());
		assertThatThrownBy(() -> options.setStartTime(TimeBounds.MAX_INSTANT.plusNanos(1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
