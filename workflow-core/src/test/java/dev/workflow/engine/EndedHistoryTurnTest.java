package dev.workflow.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.workflow.FailureDetails;
import dev.workflow.JacksonDataConverter;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.WorkflowStarted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 1: a turn handed out for a history that already ended (a late claim, a late
 * event) never runs workflow code and never appends a second completion; the events are consumed
 * and dropped, and the instance keeps its terminal status and output.
 */
class EndedHistoryTurnTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final AtomicInteger runs = new AtomicInteger();

	private WorkflowExecutor executor() {
		WorkflowRegistry registry = new WorkflowRegistry();
		WorkflowFunction<Object, Object> fn = (ctx, in) -> {
			this.runs.incrementAndGet();
			return ctx.callActivity("inc", in, Integer.class).await() + 1;
		};
		registry.add(new WorkflowRegistry.RegisteredWorkflow("w", fn, Integer.class, "test"));
		return new WorkflowExecutor(registry, new JacksonDataConverter(), 1 << 20, Clock.systemUTC());
	}

	private static List<HistoryEvent> ended(WorkflowRuntimeStatus status, String output, FailureDetails failure) {
		return List.of(new WorkflowStarted(T0), new ExecutionStarted(T0, "w", "i", "e1", "1", null, null),
				new TaskScheduled(T0, 0, "inc", "1"), new WorkflowStarted(T0), new TaskCompleted(T0, 0, "2"),
				new ExecutionCompleted(T0, status, output, failure));
	}

	@Test
	void aTurnOnACompletedHistoryAppendsNothingAndKeepsTheOutput() {
		WorkflowTurnCommit r = executor().execute("i", ended(WorkflowRuntimeStatus.COMPLETED, "3", null),
				List.of(new EventRaised(T0, "late", "\"x\"")));
		assertThat(this.runs).hasValue(0);
		assertThat(r.historyToAppend()).isEmpty();
		assertThat(r.historyReset()).isFalse();
		assertThat(r.status()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(r.update().output()).isEqualTo("3");
		assertThat(r.activities()).isEmpty();
		assertThat(r.timers()).isEmpty();
		assertThat(r.outbox()).isEmpty();
		assertThat(r.started().executionId()).isEqualTo("e1");
	}

	@Test
	void aTurnWithoutNewEventsOnAFailedHistoryKeepsTheFailure() {
		FailureDetails failure = new FailureDetails("java.lang.IllegalStateException", "boom", null);
		WorkflowTurnCommit r = executor().execute("i", ended(WorkflowRuntimeStatus.FAILED, null, failure), List.of());
		assertThat(this.runs).hasValue(0);
		assertThat(r.historyToAppend()).isEmpty();
		assertThat(r.status()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(r.update().failure().getErrorMessage()).isEqualTo("boom");
	}

}
