package dev.workflow.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowRuntime;

/** The test clock without Spring: on a runtime's backend, skipping, one backend per clock, zones. */
class WorkflowTestClockTests {

	@Test
	void withoutSpringAThirtyDayTimerIsSkipped() throws Exception {
		try (WorkflowTestClock clock = new WorkflowTestClock()) {
			WorkflowRuntime runtime = WorkflowRuntime.builder()
				.clock(clock)
				.registerWorkflow("month", (ctx, in) -> {
					ctx.createTimer(Duration.ofDays(30)).await();
					return "a month later";
				}, String.class)
				.build();
			clock.attach(runtime.backend());
			runtime.start();
			try {
				String id = runtime.client().scheduleNewWorkflow("month", null, "month-" + UUID.randomUUID());
				assertThat(runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(30), true)
					.readOutputAs(String.class)).isEqualTo("a month later");
				assertThat(clock.offset()).isGreaterThanOrEqualTo(Duration.ofDays(30).minusMinutes(1));
				assertThatThrownBy(() -> clock.attach(runtime.backend())).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("one clock per runtime");
			}
			finally {
				runtime.close();
			}
		}
	}

	@Test
	void aZonedViewReadsTheSameMovingTime() {
		try (WorkflowTestClock clock = new WorkflowTestClock()) {
			clock.advance(Duration.ofDays(2));
			java.time.Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
			assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
			assertThat(Duration.between(java.time.Instant.now(), paris.instant())).isGreaterThan(Duration.ofDays(1));
			clock.advance(Duration.ofDays(1));
			assertThat(Duration.between(java.time.Instant.now(), paris.instant())).isGreaterThan(Duration.ofDays(2));
			assertThat(clock.offset()).isEqualTo(Duration.ofDays(3));
		}
	}

}
