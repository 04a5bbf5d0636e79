package dev.workflow.backend;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.FailureDetails;
import dev.workflow.NewWorkflowOptions.ReusePolicy;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.TimerFired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules both built-in backends share ({@link InstanceReuse}, {@link TurnRules},
 * {@link ContinuationToken}, {@link BackendErrors}), checked without a database.
 */
class BackendRulesTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void aFreeIdIsCreatedWhateverThePolicy() {
		for (ReusePolicy policy : ReusePolicy.values()) {
			assertThat(InstanceReuse.decide("a", null, policy)).isEqualTo(InstanceReuse.CREATE);
		}
	}

	@Test
	void aFinishedInstanceIsReplacedWhateverThePolicy() {
		for (WorkflowRuntimeStatus status : List.of(WorkflowRuntimeStatus.COMPLETED, WorkflowRuntimeStatus.FAILED,
				WorkflowRuntimeStatus.TERMINATED, WorkflowRuntimeStatus.CANCELED)) {
			for (ReusePolicy policy : ReusePolicy.values()) {
				assertThat(InstanceReuse.decide("a", status, policy)).isEqualTo(InstanceReuse.REPLACE);
			}
		}
	}

	@Test
	void anUnfinishedInstanceIsKeptReplacedOrRejectedAsThePolicySays() {
		for (WorkflowRuntimeStatus status : List.of(WorkflowRuntimeStatus.PENDING, WorkflowRuntimeStatus.RUNNING,
				WorkflowRuntimeStatus.SUSPENDED, WorkflowRuntimeStatus.CONTINUED_AS_NEW)) {
			assertThat(InstanceReuse.decide("a", status, ReusePolicy.IGNORE)).isEqualTo(InstanceReuse.KEEP);
			assertThat(InstanceReuse.decide("a", status, ReusePolicy.TERMINATE)).isEqualTo(InstanceReuse.REPLACE);
			assertThatThrownBy(() -> InstanceReuse.decide("a", status, ReusePolicy.ERROR))
				.isInstanceOf(WorkflowInstanceExistsException.class)
				.hasMessageContaining("'a'");
		}
	}

	@Test
	void aChildStartKeepsARunningChildAndReplacesAFinishedOne() {
		assertThat(InstanceReuse.forChildStart(null)).isEqualTo(InstanceReuse.CREATE);
		assertThat(InstanceReuse.forChildStart(WorkflowRuntimeStatus.RUNNING)).isEqualTo(InstanceReuse.KEEP);
		assertThat(InstanceReuse.forChildStart(WorkflowRuntimeStatus.COMPLETED)).isEqualTo(InstanceReuse.REPLACE);
		assertThat(InstanceReuse.KEEP.creates()).isFalse();
		assertThat(InstanceReuse.REPLACE.creates()).isTrue();
	}

	@Test
	void aRunTakesEventsForItselfOrAnyRunAndDropsThoseOfAnEarlierRun() {
		TimerFired timer = new TimerFired(T0, 1, T0);
		assertThat(TurnRules.acceptsEvent("run-2", null, timer)).isTrue();
		assertThat(TurnRules.acceptsEvent("run-2", "run-2", timer)).isTrue();
		assertThat(TurnRules.acceptsEvent("run-2", "run-1", timer)).isFalse();
		ExecutionStarted next = new ExecutionStarted(T0, "w", "i", "run-3", null, null, null);
		assertThat(TurnRules.acceptsEvent("run-2", "run-3", next)).as("a start begins its own run").isTrue();
	}

	@Test
	void metadataTakesTheUpdateAndTheRunAndKeepsCreationAndParent() {
		InstanceMetadata before = new InstanceMetadata("i", "w", "run-1", WorkflowRuntimeStatus.PENDING, T0, T0,
				"\"in\"", null, null, null, "parent");
		ExecutionStarted run = new ExecutionStarted(T0, "w2", "i", "run-2", "\"in2\"", null, null);
		FailureDetails failure = new FailureDetails("E", "boom", null);
		WorkflowTurnCommit commit = new WorkflowTurnCommit(run,
				new WorkflowTurnCommit.InstanceUpdate(WorkflowRuntimeStatus.FAILED, null, "\"cs\"", failure), List.of(),
				List.of(), List.of(), List.of(), null);
		Instant now = T0.plusSeconds(5);
		InstanceMetadata after = TurnRules.metadataAfter(before, commit, now);
		assertThat(after).isEqualTo(new InstanceMetadata("i", "w2", "run-2", WorkflowRuntimeStatus.FAILED, T0, now,
				"\"in2\"", null, "\"cs\"", failure, "parent"));
		WorkflowTurnCommit notStarted = new WorkflowTurnCommit(null,
				new WorkflowTurnCommit.InstanceUpdate(WorkflowRuntimeStatus.PENDING, null, null, null), List.of(),
				List.of(), List.of(), List.of(), null);
		InstanceMetadata kept = TurnRules.metadataAfter(before, notStarted, now);
		assertThat(kept.name()).isEqualTo("w");
		assertThat(kept.executionId()).isEqualTo("run-1");
		assertThat(kept.input()).isEqualTo("\"in\"");
	}

	@Test
	void aCommitWithANextRunResetsTheHistoryAndQueuesItsStartFirst() {
		ExecutionStarted run = new ExecutionStarted(T0, "w", "i", "run-1", "1", null, null);
		ExecutionStarted next = new ExecutionStarted(T0, "w", "i", "run-2", "2", null, null);
		EventRaised carried = new EventRaised(T0, "e", null);
		WorkflowTurnCommit commit = new WorkflowTurnCommit(run,
				new WorkflowTurnCommit.InstanceUpdate(WorkflowRuntimeStatus.CONTINUED_AS_NEW, null, null, null),
				List.of(), List.of(), List.of(), List.of(), new WorkflowTurnCommit.NextRun(next, List.of(carried)));
		assertThat(commit.historyReset()).isTrue();
		assertThat(commit.consumesOnly()).isFalse();
		assertThat(commit.nextRun().firstEvents()).containsExactly(next, carried);
		assertThatThrownBy(() -> new WorkflowTurnCommit(run,
				new WorkflowTurnCommit.InstanceUpdate(WorkflowRuntimeStatus.RUNNING, null, null, null), List.of(),
				List.of(), List.of(), List.of(), new WorkflowTurnCommit.NextRun(next, List.of())))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("CONTINUED_AS_NEW");
	}

	@Test
	void aFinishedCommitThatAppendsNothingOnlyConsumesItsEvents() {
		WorkflowTurnCommit drop = new WorkflowTurnCommit(null,
				new WorkflowTurnCommit.InstanceUpdate(WorkflowRuntimeStatus.COMPLETED, "1", null, null), List.of(),
				List.of(), List.of(), List.of(), null);
		assertThat(drop.consumesOnly()).isTrue();
	}

	@Test
	void continuationTokenRoundTripsAndOrdersByCreationThenId() {
		InstanceMetadata last = new InstanceMetadata("b", "w", "r", WorkflowRuntimeStatus.RUNNING, T0, T0, null, null,
				null, null, null);
		String text = ContinuationToken.after(last).toString();
		assertThat(text).isEqualTo("2026-01-01T00:00:00Z|b");
		ContinuationToken token = ContinuationToken.parse(text);
		assertThat(token).isEqualTo(new ContinuationToken(T0, "b"));
		assertThat(token.precedes(withId("c", T0))).isTrue();
		assertThat(token.precedes(withId("b", T0))).isFalse();
		assertThat(token.precedes(withId("a", T0.plusNanos(1000)))).isTrue();
		assertThat(token.precedes(withId("z", T0.minusSeconds(1)))).isFalse();
		assertThat(ContinuationToken.parse("2026-01-01T00:00:00Z|with|bar").instanceId()).isEqualTo("with|bar");
	}

	@Test
	void aMalformedContinuationTokenIsRejectedSayingWhatToPass() {
		for (String bad : List.of("nonsense", "not-a-time|x", "")) {
			assertThatThrownBy(() -> ContinuationToken.parse(bad)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("Invalid continuation token")
				.hasMessageContaining("pass back the token a previous page returned");
		}
	}

	@Test
	void standardErrorsNameTheInstanceAndWhatHappened() {
		assertThat(BackendErrors.workflowLeaseLost("i")).isInstanceOf(WorkItemLockLostException.class)
			.hasMessageContaining("workflow instance 'i'")
			.hasMessageContaining("not committed");
		assertThat(BackendErrors.activityLeaseLost(new ActivityRequest("i", "r", 3, "greet", null)))
			.hasMessageContaining("activity 'greet' #3 of instance 'i'");
		assertThat(BackendErrors.purgeOfUnfinished("i", WorkflowRuntimeStatus.RUNNING))
			.hasMessage("Workflow instance 'i' is RUNNING; only a finished instance can be purged (terminate it first)");
	}

	private static InstanceMetadata withId(String id, Instant createdAt) {
		return new InstanceMetadata(id, "w", "r", WorkflowRuntimeStatus.RUNNING, createdAt, createdAt, null, null, null,
				null, null);
	}

}
