package dev.workflow.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.OutboundMessage;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerCreated;
import dev.workflow.history.WorkflowStarted;

/**
 * How a remote worker's actions become the engine's turn commit: pure, without a backend.
 */
class TurnApplierTest {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final TurnApplier applier = new TurnApplier(Clock.fixed(NOW, ZoneOffset.UTC), 1024);

	private final ExecutionStarted started = new ExecutionStarted(NOW, "flow", "i-1", "exec-1", "\"in\"",
			new ExecutionStarted.ParentInstance("parent-1", "exec-p", 7, "parent-flow"), null, null, null);

	private WorkflowTurn turn(List<HistoryEvent> past, List<HistoryEvent> newEvents) {
		return new WorkflowTurn("i-1", "exec-1", past, newEvents, "token");
	}

	@Test
	void schedulingEventsCarryTheActionIds() {
		WorkflowTurnCommit c = this.applier.apply(turn(List.of(), List.of(new WorkflowStarted(NOW), this.started)),
				List.of(new TurnAction.ScheduleActivity(3, "act", "1", null), new TurnAction.CreateTimer(4, NOW.plusSeconds(5)),
						new TurnAction.StartChild(5, "child-1", "child-flow", null, null)),
				"\"busy\"");
		assertThat(c.status()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		assertThat(c.update().customStatus()).isEqualTo("\"busy\"");
		assertThat(c.historyToAppend()).hasSize(5);
		assertThat(((TaskScheduled) c.historyToAppend().get(2)).eventId()).isEqualTo(3);
		assertThat(((TimerCreated) c.historyToAppend().get(3)).eventId()).isEqualTo(4);
		assertThat(((ChildWorkflowCreated) c.historyToAppend().get(4)).eventId()).isEqualTo(5);
		assertThat(c.activities()).singleElement().satisfies(a -> assertThat(a.taskId()).isEqualTo(3));
		assertThat(c.timers()).singleElement().satisfies(t -> assertThat(t.fireAt()).isEqualTo(NOW.plusSeconds(5)));
		assertThat(c.outbox()).singleElement().isInstanceOfSatisfying(OutboundMessage.StartChild.class,
				s -> assertThat(s.started().parent().taskId()).isEqualTo(5));
	}

	@Test
	void completionTellsTheParentAndDropsNewWorkButNotSentEvents() {
		WorkflowTurnCommit c = this.applier.apply(turn(List.of(this.started), List.of(new WorkflowStarted(NOW))),
				List.of(new TurnAction.ScheduleActivity(1, "late", null, null),
						new TurnAction.SendEvent(2, "other", "ping", "1"),
						new TurnAction.CompleteRun(3, WorkflowRuntimeStatus.COMPLETED, "\"done\"", null, List.of())),
				null);
		assertThat(c.status()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(c.update().output()).isEqualTo("\"done\"");
		assertThat(c.activities()).isEmpty();
		assertThat(c.historyToAppend().get(c.historyToAppend().size() - 1)).isInstanceOf(ExecutionCompleted.class);
		assertThat(c.outbox()).hasSize(2);
		assertThat(c.outbox().get(1)).isInstanceOfSatisfying(OutboundMessage.SendEvent.class,
				s -> assertThat(s.targetInstanceId()).isEqualTo("parent-1"));
	}

	@Test
	void continueAsNewStartsANextRunWithTheCarriedEvents() {
		EventRaised carried = new EventRaised(NOW, "e", "1");
		WorkflowTurnCommit c = this.applier.apply(turn(List.of(this.started), List.of(new WorkflowStarted(NOW))),
				List.of(new TurnAction.CompleteRun(1, WorkflowRuntimeStatus.CONTINUED_AS_NEW, "5", null, List.of(carried))),
				null);
		assertThat(c.historyReset()).isTrue();
		assertThat(c.nextRun().started().input()).isEqualTo("5");
		assertThat(c.nextRun().started().executionId()).isNotEqualTo("exec-1");
		assertThat(c.nextRun().carriedEvents()).containsExactly(carried);
	}

	@Test
	void outputOverThePayloadLimitFailsTheRun() {
		String big = "\"" + "x".repeat(2000) + "\"";
		WorkflowTurnCommit c = this.applier.apply(turn(List.of(this.started), List.of(new WorkflowStarted(NOW))),
				List.of(new TurnAction.CompleteRun(1, WorkflowRuntimeStatus.COMPLETED, big, null, List.of())), big);
		assertThat(c.status()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(c.update().output()).isNull();
		assertThat(c.update().customStatus()).isNull();
		assertThat(c.update().failure().getErrorMessage()).contains("size limit");
	}

	@Test
	void activityResultOverThePayloadLimitFailsTheCall() {
		assertThat(this.applier.activityOutcome(2, "act", "\"" + "x".repeat(2000) + "\"", null))
			.isInstanceOfSatisfying(TaskFailed.class, f -> assertThat(f.failure().getErrorMessage()).contains("size limit"));
		assertThat(this.applier.activityOutcome(2, "act", "1", null)).isInstanceOf(TaskCompleted.class);
	}

	@Test
	void eventsForAnEndedRunAreConsumedWithoutAWorker() {
		List<HistoryEvent> past = List.of(this.started,
				new ExecutionCompleted(NOW, WorkflowRuntimeStatus.COMPLETED, "1", null));
		WorkflowTurnCommit c = this.applier.withoutWorker(past, List.of(new EventRaised(NOW, "late", null)));
		assertThat(c).isNotNull();
		assertThat(c.consumesOnly()).isTrue();
		assertThat(this.applier.withoutWorker(List.of(this.started), List.of(new EventRaised(NOW, "e", null)))).isNull();
	}

}
