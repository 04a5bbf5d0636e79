package dev.workflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.JacksonDataConverter;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.ChildWorkflowCompleted;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;
import dev.workflow.history.WorkflowStarted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay executor on hand-made histories: duplicated and late deliveries, and completions of
 * tasks that were never scheduled, change nothing.
 */
class WorkflowExecutorTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@SuppressWarnings("unchecked")
	private static WorkflowExecutor executor(WorkflowFunction<?, ?> fn) {
		WorkflowRegistry registry = new WorkflowRegistry();
		registry.add(new WorkflowRegistry.RegisteredWorkflow("w", (WorkflowFunction<Object, Object>) fn, Integer.class,
				"test"));
		return new WorkflowExecutor(registry, new JacksonDataConverter(), 1 << 20, Clock.systemUTC());
	}

	private static final WorkflowFunction<Integer, Integer> ACTIVITY_TIMER_CHILD = (ctx, n) -> {
		int a = ctx.callActivity("inc", n, Integer.class).await();
		ctx.createTimer(Duration.ofSeconds(1)).await();
		int c = ctx.callChildWorkflow("child", a, Integer.class).await();
		return a + c;
	};

	@Test
	void duplicateAndUnscheduledCompletionsAreIgnored() {
		ExecutionStarted started = new ExecutionStarted(T0, "w", "i", "e1", "1", null, null);
		List<HistoryEvent> past = List.of(new WorkflowStarted(T0), started, new TaskScheduled(T0, 0, "inc", "1"),
				new WorkflowStarted(T0), new TaskCompleted(T0, 0, "2"), new TaskCompleted(T0, 0, "99"),
				new TaskCompleted(T0, 7, "77"), new TimerCreated(T0, 1, T0.plusSeconds(1)), new WorkflowStarted(T0),
				new TimerFired(T0, 1, T0.plusSeconds(1)), new TimerFired(T0, 1, T0.plusSeconds(1)),
				new ChildWorkflowCreated(T0, 2, "child", "i:0002", "2"));
		List<HistoryEvent> fresh = List.of(new ChildWorkflowCompleted(T0, 2, "10"), new ChildWorkflowCompleted(T0, 2, "55"),
				new ChildWorkflowCompleted(T0, 9, "66"));
		WorkflowTurnCommit r = executor(ACTIVITY_TIMER_CHILD).execute("i", past, fresh);
		assertThat(r.status()).as("failure: %s", r.update().failure()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(r.update().output()).isEqualTo("12");
	}

	@Test
	void eachActionIsScheduledOnceAcrossTurns() {
		ExecutionStarted started = new ExecutionStarted(T0, "w", "i", "e1", "1", null, null);
		WorkflowTurnCommit first = executor(ACTIVITY_TIMER_CHILD).execute("i", List.of(), List.of(started));
		assertThat(first.activities()).hasSize(1);
		assertThat(first.status()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		// replaying the same history with no new events schedules nothing again
		WorkflowTurnCommit again = executor(ACTIVITY_TIMER_CHILD).execute("i", first.historyToAppend(), List.of());
		assertThat(again.activities()).isEmpty();
		assertThat(again.timers()).isEmpty();
		assertThat(again.outbox()).isEmpty();
	}

	// ---- issue 12, semantics ----

	@Test
	void semantics_aTurnWhileSuspendedDoesNotScheduleRecordedActionsAgain() {
		WorkflowFunction<Integer, Integer> fn = (ctx, n) -> ctx.callActivity("inc", n, Integer.class).await();
		ExecutionStarted started = new ExecutionStarted(T0, "w", "i", "e1", "1", null, null);
		WorkflowTurnCommit first = executor(fn).execute("i", List.of(),
				List.of(started, new dev.workflow.history.ExecutionSuspended(T0, "pause")));
		assertThat(first.status()).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
		assertThat(first.activities()).hasSize(1);
		WorkflowTurnCommit second = executor(fn).execute("i", first.historyToAppend(), List.of(new TaskCompleted(T0, 0, "2")));
		assertThat(second.status()).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
		assertThat(second.activities()).as("the activity was scheduled once already").isEmpty();
		assertThat(second.historyToAppend()).noneMatch(TaskScheduled.class::isInstance);
	}

	@Test
	void semantics_terminateAndSuspendWinOverAnEndInTheSameTurn() {
		WorkflowFunction<Integer, Integer> loop = (ctx, n) -> {
			ctx.continueAsNew(n + 1);
			return null;
		};
		ExecutionStarted started = new ExecutionStarted(T0, "w", "i", "e1", "1", null, null);
		WorkflowTurnCommit terminated = executor(loop).execute("i", List.of(),
				List.of(started, new dev.workflow.history.ExecutionTerminated(T0, "\"stop\"")));
		assertThat(terminated.status()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
		assertThat(terminated.update().output()).isEqualTo("\"stop\"");
		assertThat(terminated.historyReset()).isFalse();
		WorkflowTurnCommit suspended = executor(loop).execute("i", List.of(),
				List.of(started, new dev.workflow.history.ExecutionSuspended(T0, "pause")));
		assertThat(suspended.status()).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
		assertThat(suspended.historyReset()).isFalse();
		assertThat(suspended.nextRun()).as("no next run while suspended").isNull();
		assertThat(suspended.outbox()).isEmpty();
		WorkflowTurnCommit resumed = executor(loop).execute("i", suspended.historyToAppend(),
				List.of(new dev.workflow.history.ExecutionResumed(T0, "go")));
		assertThat(resumed.status()).isEqualTo(WorkflowRuntimeStatus.CONTINUED_AS_NEW);
		assertThat(resumed.outbox()).isEmpty();
		assertThat(resumed.nextRun().started().input()).isEqualTo("2");
		assertThat(resumed.nextRun().carriedEvents()).isEmpty();
		WorkflowFunction<Integer, Integer> returns = (ctx, n) -> n;
		assertThat(executor(returns).execute("i", List.of(),
				List.of(started, new dev.workflow.history.ExecutionTerminated(T0, null))).status())
			.isEqualTo(WorkflowRuntimeStatus.TERMINATED);
	}

}
