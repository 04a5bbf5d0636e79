package dev.workflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.JacksonDataConverter;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.OutboundMessage;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.EventRaised;
import dev.workflow.history.EventSent;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TimerFired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sendEvent} as the executor turns it into a commit: recorded once, sent once, matched on
 * replay, still sent by a run that ends in the same turn, and a changed target is non-determinism.
 */
class SendEventTurnTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@SuppressWarnings("unchecked")
	private static WorkflowExecutor executor(WorkflowFunction<?, ?> fn) {
		WorkflowRegistry registry = new WorkflowRegistry();
		registry.add(new WorkflowRegistry.RegisteredWorkflow("w", (WorkflowFunction<Object, Object>) fn, String.class,
				"test"));
		return new WorkflowExecutor(registry, new JacksonDataConverter(), 1 << 20, Clock.systemUTC());
	}

	private static ExecutionStarted start(String input) {
		return new ExecutionStarted(T0, "w", "i", "e1", "\"" + input + "\"", null, null);
	}

	@Test
	void anEventIsSentOnceAndMatchedOnReplay() {
		WorkflowExecutor ex = executor((WorkflowFunction<String, String>) (ctx, target) -> {
			ctx.sendEvent(target, "ping", 42);
			ctx.createTimer(Duration.ofSeconds(1)).await();
			return "done";
		});
		WorkflowTurnCommit first = ex.execute("i", List.of(), List.of(start("other")));
		assertThat(first.status()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		assertThat(first.historyToAppend()).filteredOn(EventSent.class::isInstance).hasSize(1);
		assertThat(first.outbox()).singleElement().satisfies(m -> {
			OutboundMessage.SendEvent send = (OutboundMessage.SendEvent) m;
			assertThat(send.targetInstanceId()).isEqualTo("other");
			assertThat(send.targetExecutionId()).isNull();
			assertThat(((EventRaised) send.event()).name()).isEqualTo("ping");
			assertThat(((EventRaised) send.event()).input()).isEqualTo("42");
		});
		List<HistoryEvent> history = new ArrayList<>(first.historyToAppend());
		WorkflowTurnCommit second = ex.execute("i", history,
				List.of(new TimerFired(T0, 1, T0.plusSeconds(1))));
		assertThat(second.status()).as("failure: %s", second.update().failure())
			.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(second.outbox()).isEmpty();
	}

	@Test
	void aRunThatEndsInTheSameTurnStillSends() {
		WorkflowTurnCommit commit = executor((WorkflowFunction<String, String>) (ctx, target) -> {
			ctx.sendEvent(target, "bye", null);
			throw new IllegalStateException("failing after the send");
		}).execute("i", List.of(), List.of(start("other")));
		assertThat(commit.status()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(commit.outbox()).singleElement().isInstanceOf(OutboundMessage.SendEvent.class);
		assertThat(commit.historyToAppend()).filteredOn(EventSent.class::isInstance).hasSize(1);
	}

	@Test
	void aChangedTargetOnReplayIsNonDeterminism() {
		WorkflowTurnCommit first = executor((WorkflowFunction<String, String>) (ctx, target) -> {
			ctx.sendEvent(target, "ping", null);
			return ctx.waitForExternalEvent("never", String.class).await();
		}).execute("i", List.of(), List.of(start("a")));
		WorkflowTurnCommit replay = executor((WorkflowFunction<String, String>) (ctx, target) -> {
			ctx.sendEvent("b", "ping", null);
			return ctx.waitForExternalEvent("never", String.class).await();
		}).execute("i", first.historyToAppend(), List.of(new EventRaised(T0, "other", null)));
		assertThat(replay.status()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(replay.update().failure().getErrorMessage()).contains("EventSent #0", "instance 'a'");
	}

}
