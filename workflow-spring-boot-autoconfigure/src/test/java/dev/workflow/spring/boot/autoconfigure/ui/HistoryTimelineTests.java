package dev.workflow.spring.boot.autoconfigure.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.FailureDetails;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline's bars from a history, and the per-minute ring, without a runtime.
 */
class HistoryTimelineTests {

	private static Instant at(int second) {
		return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second);
	}

	@Test
	void pairsEachStartWithItsResult() {
		List<HistoryTimeline.Bar> bars = HistoryTimeline.bars(List.of(new TaskScheduled(at(0), 0, "reserve", "{}", null),
				new TaskScheduled(at(0), 1, "charge", "{}", null), new TaskCompleted(at(2), 0, "true"),
				new TaskFailed(at(3), 1, new FailureDetails("java.lang.IllegalStateException", "declined", null)),
				new TimerCreated(at(3), 2, at(8)), new TimerFired(at(8), 2, at(8)),
				new ChildWorkflowCreated(at(9), 3, "ship", "o-1:0003", "{}", null), new EventRaised(at(10), "approve", "{}"),
				new ExecutionSuspended(at(11), "ops"), new ExecutionResumed(at(12), "ops"),
				new ChildWorkflowCompleted(at(13), 3, "\"TRK\"")));
		assertThat(bars).extracting(HistoryTimeline.Bar::kind)
			.containsExactly("activity", "activity", "timer", "child", "event", "suspended");
		assertThat(bars.get(0).end()).isEqualTo(at(2));
		assertThat(bars.get(0).outcome()).isEqualTo("completed");
		assertThat(bars.get(1).outcome()).isEqualTo("failed");
		assertThat(bars.get(1).detail()).isEqualTo("java.lang.IllegalStateException: declined");
		assertThat(bars.get(2).end()).isEqualTo(at(8));
		assertThat(bars.get(3).instanceId()).isEqualTo("o-1:0003");
		assertThat(bars.get(3).end()).isEqualTo(at(13));
		assertThat(bars.get(5).start()).isEqualTo(at(11));
		assertThat(bars.get(5).end()).isEqualTo(at(12));
	}

	@Test
	void workStillRunningHasNoEnd() {
		List<HistoryTimeline.Bar> bars = HistoryTimeline.bars(List.of(new TaskScheduled(at(0), 0, "slow", null, null)));
		assertThat(bars).singleElement().satisfies((bar) -> {
			assertThat(bar.end()).isNull();
			assertThat(bar.outcome()).isEqualTo("pending");
		});
	}

	@Test
	void metricsKeepTheLastHourPerMinute() {
		MutableClock clock = new MutableClock(at(0));
		WorkflowUiMetrics metrics = new WorkflowUiMetrics(clock);
		metrics.workflowScheduled("order", "o-1");
		metrics.workflowTurnStarted("o-1").finished("order", "COMPLETED", null);
		metrics.activityStarted("charge", "o-1").finished("charge", "FAILED", new IllegalStateException());
		clock.now = at(120);
		metrics.workflowScheduled("order", "o-2");
		List<WorkflowUiMetrics.Minute> hour = metrics.lastHour();
		assertThat(hour).hasSize(60);
		assertThat(hour.get(59).start()).isEqualTo(at(120));
		assertThat(hour.get(59).scheduled()).isEqualTo(1);
		assertThat(hour.get(57).completed()).isEqualTo(1);
		assertThat(hour.get(57).activityFailures()).isEqualTo(1);
		// an hour later the old minute's slot is reused, not added to
		clock.now = at(3600);
		metrics.workflowScheduled("order", "o-3");
		assertThat(metrics.lastHour().get(59).scheduled()).isEqualTo(1);
		assertThat(metrics.lastHour()).extracting(WorkflowUiMetrics.Minute::completed).containsOnly(0L);
	}

	static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
