package dev.workflow.engine;

import org.junit.jupiter.api.Test;

import dev.workflow.FailureDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure details cut to the payload limit keep their shape: the inner chain, cut too, and the
 * non-retriable mark.
 */
class FailureBoundsTest {

	@Test
	void innerFailuresAreCutAndTheMarkIsKept() {
		String huge = "x".repeat(100_000);
		FailureDetails inner = null;
		for (int i = 0; i < 10; i++) {
			inner = new FailureDetails("E" + i, huge, null, inner, false);
		}
		FailureDetails failure = new FailureDetails("Top", huge, huge, inner, true);
		FailureDetails cut = FailureBounds.bounded(failure, 64 * 1024);
		assertThat(cut.isNonRetriable()).isTrue();
		assertThat(cut.getErrorMessage()).hasSizeLessThan(9_000);
		int depth = 0;
		long innerChars = 0;
		for (FailureDetails f = cut.getInnerFailure(); f != null; f = f.getInnerFailure()) {
			depth++;
			innerChars += f.getErrorMessage().length();
		}
		assertThat(depth).isEqualTo(10);
		assertThat(innerChars).isLessThan(10_000);
	}

	@Test
	void detailsThatFitAreReturnedAsTheyAre() {
		FailureDetails small = FailureDetails.of(new IllegalStateException("small", new RuntimeException("cause")));
		assertThat(FailureBounds.bounded(small, 2 << 20)).isSameAs(small);
	}

}
