package dev.workflow.backend.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.TimeSkipping;

/**
 * The actors backend's {@link TimeSkipping}: quiet only while every instance waits on a timer,
 * the next timer's due time, and a timer made due by a clock jump firing without the wall-time
 * wait it was armed with.
 */
class ActorsTimeSkippingTest {

	/** Real time plus an offset the test moves. */
	private static final class JumpingClock extends Clock {

		private volatile Duration offset = Duration.ZERO;

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("UTC only");
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.offset);
		}

	}

	private final JumpingClock clock = new JumpingClock();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger runs = new AtomicInteger();

	private WorkflowRuntime runtime() {
		WorkflowRuntime runtime = WorkflowRuntime.builder()
			.clock(this.clock)
			.backend("actors", Map.of("state-store", "memory"))
			.inlineActivities(false)
			.registerWorkflow("sleeper", (ctx, in) -> {
				ctx.createTimer(Duration.ofDays(30)).await();
				return "woke";
			}, String.class)
			.registerWorkflow("working", (ctx, in) -> ctx.callActivity("hold", in, String.class).await(), String.class)
			.registerActivity("hold", (ctx, in) -> {
				this.runs.incrementAndGet();
				if (!this.release.await(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("never released");
				}
				return "held " + in;
			}, String.class)
			.build();
		runtime.start();
		return runtime;
	}

	private static void awaitQuiet(TimeSkipping backend) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!backend.isQuiet()) {
			assertThat(System.nanoTime() - deadline).as("the backend became quiet in time").isNegative();
			Thread.sleep(5);
		}
	}

	@Test
	void aJumpToTheNextTimerFiresItWithoutTheWallTimeWait() throws Exception {
		WorkflowRuntime runtime = runtime();
		try {
			TimeSkipping backend = (TimeSkipping) runtime.backend();
			String id = "sleeper-" + UUID.randomUUID();
			Instant scheduled = this.clock.instant();
			runtime.client().scheduleNewWorkflow("sleeper", null, id);
			awaitQuiet(backend);
			Instant due = backend.nextTimerDue().orElseThrow();
			assertThat(due).isBetween(scheduled.plus(Duration.ofDays(30)), this.clock.instant().plus(Duration.ofDays(30)));
			assertThatThrownBy(() -> runtime.client().waitForInstanceCompletion(id, Duration.ofMillis(200), false))
				.isInstanceOf(TimeoutException.class);

			Duration by = Duration.between(this.clock.instant(), due);
			backend.clockMovingForward(by);
			this.clock.offset = this.clock.offset.plus(by);
			backend.clockMovedForward();
			assertThat(runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(30), true).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			awaitQuiet(backend);
			assertThat(backend.nextTimerDue()).isEmpty();
		}
		finally {
			runtime.close();
		}
	}

	@Test
	void aRunningActivityIsNotQuietAndKeepsItsLeaseOverAJump() throws Exception {
		WorkflowRuntime runtime = runtime();
		try {
			TimeSkipping backend = (TimeSkipping) runtime.backend();
			String id = "working-" + UUID.randomUUID();
			runtime.client().scheduleNewWorkflow("working", "x", id);
			Thread.sleep(300);
			assertThat(backend.isQuiet()).isFalse();
			// far past the activity lock timeout; the lease keeps the time it had left
			backend.clockMovingForward(Duration.ofDays(1));
			this.clock.offset = this.clock.offset.plus(Duration.ofDays(1));
			backend.clockMovedForward();
			Thread.sleep(1500); // the lease reaper looks every second
			this.release.countDown();
			assertThat(runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(30), true).readOutputAs(String.class))
				.isEqualTo("held x");
			assertThat(this.runs).hasValue(1);
			awaitQuiet(backend);
		}
		finally {
			runtime.close();
		}
	}

}
