package dev.workflow.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.JacksonDataConverter;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.OutboundMessage;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskScheduled;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor's inline loop merges its rounds into one typed commit, without a backend: the
 * activity results that ran inline, what the last round decided, and a next run when a round
 * continued as new.
 */
class InlineTurnMergeTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@SuppressWarnings("unchecked")
	private static WorkflowExecutor executor(WorkflowFunction<?, ?> fn) {
		WorkflowRegistry registry = new WorkflowRegistry();
		registry.add(new WorkflowRegistry.RegisteredWorkflow("w", (WorkflowFunction<Object, Object>) fn, Integer.class,
				"test"));
		return new WorkflowExecutor(registry, new JacksonDataConverter(), 1 << 20, Clock.systemUTC());
	}

	/** Runs every pending call at once, answering input + 1. */
	private static List<HistoryEvent> runAll(List<ActivityRequest> pending) {
		List<HistoryEvent> results = new ArrayList<>();
		for (ActivityRequest r : pending) {
			results.add(new TaskCompleted(T0, r.taskId(), String.valueOf(Integer.parseInt(r.input()) + 1)));
		}
		pending.clear();
		return results;
	}

	private static long far() {
		return System.nanoTime() + 60_000_000_000L;
	}

	@Test
	void roundsOfActivitiesMergeIntoOneCommitThatEndsAsTheLastRoundDid() {
		WorkflowExecutor executor = executor((WorkflowFunction<Integer, Integer>) (ctx, n) -> {
			int a = ctx.callActivity("inc", n, Integer.class).await();
			return ctx.callChildWorkflow("child", a, Integer.class).await();
		});
		ExecutionStarted started = new ExecutionStarted(T0, "w", "i", "e1", "1", null, null);
		WorkflowTurnCommit first = executor.execute("i", List.of(), List.of(started));
		WorkflowTurnCommit merged = executor.continueInline("i", List.of(), first, InlineTurnMergeTest::runAll, far());
		assertThat(merged.status()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		assertThat(merged.started()).isEqualTo(started);
		assertThat(merged.activities()).as("the call ran inline").isEmpty();
		assertThat(merged.historyToAppend()).filteredOn(TaskScheduled.class::isInstance).hasSize(1);
		assertThat(merged.historyToAppend()).filteredOn(TaskCompleted.class::isInstance).hasSize(1);
		assertThat(merged.outbox()).singleElement().isInstanceOfSatisfying(OutboundMessage.StartChild.class,
				start -> assertThat(start.started().input()).isEqualTo("2"));
		assertThat(merged.nextRun()).isNull();
	}

	@Test
	void aRoundThatContinuesAsNewGivesTheMergedCommitItsNextRun() {
		WorkflowExecutor executor = executor((WorkflowFunction<Integer, Integer>) (ctx, n) -> {
			int a = ctx.callActivity("inc", n, Integer.class).await();
			ctx.continueAsNew(a);
			return null;
		});
		ExecutionStarted started = new ExecutionStarted(T0, "w", "i", "e1", "1", null, null);
		WorkflowTurnCommit first = executor.execute("i", List.of(), List.of(started));
		WorkflowTurnCommit merged = executor.continueInline("i", List.of(), first, InlineTurnMergeTest::runAll, far());
		assertThat(merged.status()).isEqualTo(WorkflowRuntimeStatus.CONTINUED_AS_NEW);
		assertThat(merged.historyReset()).isTrue();
		assertThat(merged.nextRun().started().input()).isEqualTo("2");
		assertThat(merged.outbox()).as("the next run is not a message").isEmpty();
	}

	@Test
	void nothingRunInlineKeepsTheFirstCommitAndAHandOverCommitsNothing() {
		WorkflowExecutor executor = executor((WorkflowFunction<Integer, Integer>) (ctx, n) -> ctx
			.callActivity("inc", n, Integer.class)
			.await());
		ExecutionStarted started = new ExecutionStarted(T0, "w", "i", "e1", "1", null, null);
		WorkflowTurnCommit first = executor.execute("i", List.of(), List.of(started));
		assertThat(executor.continueInline("i", List.of(), first, pending -> List.of(), far())).isSameAs(first);
		assertThat(executor.continueInline("i", List.of(), first, pending -> null, far())).isNull();
		assertThat(executor.continueInline("i", List.of(), first, InlineTurnMergeTest::runAll, System.nanoTime() - 1))
			.as("past the deadline").isSameAs(first);
	}

}
