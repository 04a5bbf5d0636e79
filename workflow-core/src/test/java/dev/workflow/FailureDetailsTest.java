package dev.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure details on their own: causes as inner failures, the non-retriable mark, type matching by
 * base class, and JSON that reads histories written before the new fields.
 */
class FailureDetailsTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void causesBecomeInnerFailuresInOrder() {
		FailureDetails d = FailureDetails.of(new IllegalStateException("outer",
				new UncheckedIOException("middle", new IOException("root"))));
		assertThat(d.getErrorType()).isEqualTo(IllegalStateException.class.getName());
		assertThat(d.getInnerFailure().getErrorType()).isEqualTo(UncheckedIOException.class.getName());
		assertThat(d.getInnerFailure().getInnerFailure().getErrorMessage()).isEqualTo("root");
		assertThat(d.getInnerFailure().getInnerFailure().getInnerFailure()).isNull();
		assertThat(d.getStackTrace()).contains("Caused by: java.io.IOException: root");
		assertThat(d.isNonRetriable()).isFalse();
	}

	@Test
	void aLongOrCyclicCauseChainIsBounded() {
		Throwable error = new RuntimeException("0");
		Throwable top = error;
		for (int i = 1; i < 50; i++) {
			top = new RuntimeException(String.valueOf(i), top);
		}
		assertThat(depth(FailureDetails.of(top))).isEqualTo(FailureDetails.MAX_INNER_DEPTH);
		Exception a = new Exception("a");
		Exception b = new Exception("b", a);
		a.initCause(b);
		assertThat(depth(FailureDetails.of(a))).isEqualTo(1);
	}

	private static int depth(FailureDetails d) {
		int n = 0;
		for (FailureDetails f = d.getInnerFailure(); f != null; f = f.getInnerFailure()) {
			n++;
		}
		return n;
	}

	@Test
	void aNonRetriableExceptionMarksTheFailureAlsoAsACause() {
		assertThat(FailureDetails.of(new NonRetriableException("no")).isNonRetriable()).isTrue();
		assertThat(FailureDetails.of(new IllegalStateException("x", new NonRetriableException("no"))).isNonRetriable())
			.isTrue();
	}

	@Test
	void isCausedByAcceptsTheTypeAndItsBaseTypes() {
		FailureDetails d = FailureDetails.of(new IllegalArgumentException("bad"));
		assertThat(d.isCausedBy(IllegalArgumentException.class)).isTrue();
		assertThat(d.isCausedBy(RuntimeException.class)).isTrue();
		assertThat(d.isCausedBy(Exception.class)).isTrue();
		assertThat(d.isCausedBy(Throwable.class)).isTrue();
		assertThat(d.isCausedBy(IllegalStateException.class)).isFalse();
		FailureDetails unknown = new FailureDetails("com.example.NotOnThisClasspath", "m", null);
		assertThat(unknown.isCausedBy(Exception.class)).isFalse();
	}

	@Test
	void jsonWithoutTheNewFieldsStillReadsAndNewFieldsRoundTrip() {
		FailureDetails old = this.json.readValue(
				"{\"errorType\":\"java.lang.RuntimeException\",\"errorMessage\":\"m\",\"stackTrace\":null}",
				FailureDetails.class);
		assertThat(old).isEqualTo(new FailureDetails("java.lang.RuntimeException", "m", null));
		assertThat(old.getInnerFailure()).isNull();
		assertThat(old.isNonRetriable()).isFalse();
		assertThat(this.json.writeValueAsString(old)).doesNotContain("innerFailure").doesNotContain("nonRetriable");

		FailureDetails full = FailureDetails.of(new IllegalStateException("x", new NonRetriableException("no")));
		FailureDetails back = this.json.readValue(this.json.writeValueAsString(full), FailureDetails.class);
		assertThat(back).isEqualTo(full);
		assertThat(back.isNonRetriable()).isTrue();
		assertThat(back.getInnerFailure().getErrorType()).isEqualTo(NonRetriableException.class.getName());
	}

	@Test
	void taskFailedExceptionReadsAsInDurabletask() {
		TaskFailedException ex = new TaskFailedException("Throw", 0,
				FailureDetails.of(new RuntimeException("Kah-BOOOOOM!!!")));
		assertThat(ex.getMessage()).isEqualTo("Task 'Throw' (#0) failed with an unhandled exception: Kah-BOOOOOM!!!");
	}

	@Test
	void taskOptionsCarryARetryHandler() {
		RetryHandler handler = rc -> false;
		assertThat(TaskOptions.withRetryHandler(handler).getRetryHandler()).isSameAs(handler);
		TaskOptions both = TaskOptions.builder()
			.retryPolicy(RetryPolicy.builder().maxAttempts(2).build())
			.retryHandler(handler)
			.build();
		assertThat(both.getRetryHandler()).isSameAs(handler);
		assertThat(both.getRetryPolicy()).isNotNull();
	}

}
