package dev.workflow.backend;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.ExecutionTerminated;

import static dev.workflow.WorkflowRuntimeStatus.CANCELED;
import static dev.workflow.WorkflowRuntimeStatus.COMPLETED;
import static dev.workflow.WorkflowRuntimeStatus.CONTINUED_AS_NEW;
import static dev.workflow.WorkflowRuntimeStatus.FAILED;
import static dev.workflow.WorkflowRuntimeStatus.PENDING;
import static dev.workflow.WorkflowRuntimeStatus.RUNNING;
import static dev.workflow.WorkflowRuntimeStatus.SUSPENDED;
import static dev.workflow.WorkflowRuntimeStatus.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status rules that make suspend and resume visible as soon as the client call returns
 * ({@link TurnRules#statusOnEvent}, {@link TurnRules#statusOnCommit}), without a database.
 */
class ClientStatusRulesTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final ExecutionSuspended SUSPEND = new ExecutionSuspended(T0, "r");

	private static final ExecutionResumed RESUME = new ExecutionResumed(T0, "r");

	@Test
	void suspendShowsSuspendedOnARunningOrPendingInstance() {
		assertThat(TurnRules.statusOnEvent(RUNNING, SUSPEND)).isEqualTo(SUSPENDED);
		assertThat(TurnRules.statusOnEvent(PENDING, SUSPEND)).isEqualTo(SUSPENDED);
		assertThat(TurnRules.statusOnEvent(SUSPENDED, SUSPEND)).isEqualTo(SUSPENDED);
	}

	@Test
	void resumeShowsRunningOnlyOnASuspendedInstance() {
		assertThat(TurnRules.statusOnEvent(SUSPENDED, RESUME)).isEqualTo(RUNNING);
		assertThat(TurnRules.statusOnEvent(RUNNING, RESUME)).isEqualTo(RUNNING);
		assertThat(TurnRules.statusOnEvent(PENDING, RESUME)).isEqualTo(PENDING);
	}

	@Test
	void otherEventsAndFinishedInstancesKeepTheirStatus() {
		for (WorkflowRuntimeStatus s : WorkflowRuntimeStatus.values()) {
			assertThat(TurnRules.statusOnEvent(s, new EventRaised(T0, "e", null))).isEqualTo(s);
			assertThat(TurnRules.statusOnEvent(s, new ExecutionTerminated(T0, null))).isEqualTo(s);
			if (s.isTerminal()) {
				assertThat(TurnRules.statusOnEvent(s, SUSPEND)).isEqualTo(s);
				assertThat(TurnRules.statusOnEvent(s, RESUME)).isEqualTo(s);
			}
		}
	}

	@Test
	void whileTheRunGoesOnTheStoredSuspendOrResumeWinsOverTheTurns() {
		// a suspend that arrived after the work item was taken: the turn did not see it
		assertThat(TurnRules.statusOnCommit(SUSPENDED, RUNNING)).isEqualTo(SUSPENDED);
		// a resume that arrived after a turn that took a suspend
		assertThat(TurnRules.statusOnCommit(RUNNING, SUSPENDED)).isEqualTo(RUNNING);
		assertThat(TurnRules.statusOnCommit(RUNNING, RUNNING)).isEqualTo(RUNNING);
	}

	@Test
	void theTurnDecidesTheFirstTurnAndEveryEnd() {
		assertThat(TurnRules.statusOnCommit(PENDING, RUNNING)).isEqualTo(RUNNING);
		assertThat(TurnRules.statusOnCommit(PENDING, SUSPENDED)).isEqualTo(SUSPENDED);
		for (WorkflowRuntimeStatus end : new WorkflowRuntimeStatus[] { COMPLETED, FAILED, TERMINATED, CANCELED,
				CONTINUED_AS_NEW }) {
			assertThat(TurnRules.statusOnCommit(SUSPENDED, end)).isEqualTo(end);
			assertThat(TurnRules.statusOnCommit(RUNNING, end)).isEqualTo(end);
		}
	}

	@Test
	void aTurnThatMovesTheRunOnYieldsToASuspendThatCameAfterItsClaim() {
		List<dev.workflow.history.HistoryEvent> later = List.of(new EventRaised(T0, "e", null), SUSPEND);
		assertThat(TurnRules.yieldsToLaterSuspend(RUNNING, later)).isTrue();
		assertThat(TurnRules.yieldsToLaterSuspend(CONTINUED_AS_NEW, later)).isTrue();
		// a turn that holds the run or ends it is kept
		for (WorkflowRuntimeStatus kept : new WorkflowRuntimeStatus[] { SUSPENDED, COMPLETED, FAILED, TERMINATED,
				CANCELED }) {
			assertThat(TurnRules.yieldsToLaterSuspend(kept, later)).as(kept.name()).isFalse();
		}
		// without a later suspend, nothing yields
		assertThat(TurnRules.yieldsToLaterSuspend(RUNNING, List.of(new EventRaised(T0, "e", null), RESUME))).isFalse();
		assertThat(TurnRules.yieldsToLaterSuspend(RUNNING, List.of())).isFalse();
	}

}
