package dev.workflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.workflow.FailureDetails;
import dev.workflow.JacksonDataConverter;
import dev.workflow.RetryPolicy;
import dev.workflow.TaskOptions;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.TimerFired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retry handlers turn by turn: without a policy a retry starts at once; with one, the policy's
 * limits and delay apply and the handler is asked only while the policy allows a retry. Counting
 * only calls made while not replaying gives one call per failure, as durabletask's tests expect.
 */
class RetryHandlerTurnTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final AtomicInteger liveCalls = new AtomicInteger();

	@SuppressWarnings("unchecked")
	private WorkflowExecutor executor(TaskOptions options) {
		WorkflowFunction<Object, Object> fn = (ctx, in) -> ctx.callActivity("busted", null, options, String.class)
			.await();
		WorkflowRegistry registry = new WorkflowRegistry();
		registry.add(new WorkflowRegistry.RegisteredWorkflow("w", fn, Void.class, "test"));
		return new WorkflowExecutor(registry, new JacksonDataConverter(), 1 << 20, Clock.systemUTC());
	}

	private boolean countingHandler(dev.workflow.RetryContext rc, int max) {
		if (!rc.getWorkflowContext().isReplaying()) {
			this.liveCalls.incrementAndGet();
		}
		return rc.getLastFailure().isCausedBy(RuntimeException.class) && rc.getLastAttemptNumber() < max;
	}

	private static TaskFailed failed(int taskId) {
		return new TaskFailed(T0, taskId, FailureDetails.of(new IllegalStateException("Error #" + taskId)));
	}

	@Test
	void withoutAPolicyEachRetryStartsAtOnceUntilTheHandlerSaysNo() {
		WorkflowExecutor ex = executor(TaskOptions.withRetryHandler(rc -> countingHandler(rc, 3)));
		List<HistoryEvent> history = new ArrayList<>();
		WorkflowTurnCommit turn = ex.execute("i", history, List.of(new ExecutionStarted(T0, "w", "i", "e", null, null, null)));
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThat(turn.status()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
			assertThat(turn.activities()).singleElement().satisfies(a -> assertThat(a.name()).isEqualTo("busted"));
			assertThat(turn.timers()).isEmpty();
			int taskId = turn.activities().get(0).taskId();
			history.addAll(turn.historyToAppend());
			turn = ex.execute("i", history, List.of(failed(taskId)));
		}
		assertThat(turn.status()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(turn.update().failure().getErrorMessage())
			.isEqualTo("Task 'busted' (#2) failed with an unhandled exception: Error #2");
		assertThat(this.liveCalls).hasValue(3);
	}

	@Test
	void withAPolicyItsLimitAndDelayApplyAndTheHandlerIsAskedWhileItAllows() {
		WorkflowExecutor ex = executor(TaskOptions.builder()
			.retryPolicy(RetryPolicy.builder().maxAttempts(2).firstRetryInterval(Duration.ofSeconds(1)).build())
			.retryHandler(rc -> countingHandler(rc, 10))
			.build());
		List<HistoryEvent> history = new ArrayList<>();
		WorkflowTurnCommit turn = ex.execute("i", history, List.of(new ExecutionStarted(T0, "w", "i", "e", null, null, null)));
		history.addAll(turn.historyToAppend());
		turn = ex.execute("i", history, List.of(failed(0)));
		assertThat(turn.activities()).isEmpty();
		assertThat(turn.timers()).hasSize(1);
		TimerCreated timer = (TimerCreated) turn.historyToAppend().stream().filter(TimerCreated.class::isInstance)
			.findFirst().orElseThrow();
		history.addAll(turn.historyToAppend());
		turn = ex.execute("i", history, List.of(new TimerFired(T0, timer.eventId(), timer.fireAt())));
		assertThat(turn.historyToAppend()).filteredOn(TaskScheduled.class::isInstance).hasSize(1);
		history.addAll(turn.historyToAppend());
		turn = ex.execute("i", history, List.of(failed(2)));
		assertThat(turn.status()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		// asked after the first failure only: after the second the policy's two attempts are used up
		assertThat(this.liveCalls).hasValue(1);
	}

}
