package dev.workflow.spring.boot.test;

import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntimeStatus;

/** The assertions pass on what happened and fail, naming the instance and what was found, otherwise. */
@WorkflowTest
class WorkflowAssertionsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	WorkflowClient client;

	private static String id(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	@Test
	void passingAssertionsChain() {
		String id = this.client.scheduleNewWorkflow("quoteTwice", "book", id("pass"));
		assertThat(this.client, id).completes(WAIT)
			.hasStatus(WorkflowRuntimeStatus.COMPLETED)
			.hasOutput(20)
			.hasOutputSatisfying(Integer.class, out -> assertThat(out).isEven())
			.history()
			.calledActivity("quote").times(2)
			.calledActivity("quote").atLeast(1)
			.calledActivity("explode").never()
			.calledActivitiesInOrder("quote", "quote")
			.createdTimers().once()
			.firedTimers().once()
			.createdTimer(Duration.ofHours(1))
			.receivedEvent("approve").never();
	}

	@Test
	void completesOnAFailedInstanceSaysHowItFailed() {
		String id = this.client.scheduleNewWorkflow("explode", "x", id("failed"));
		assertThatThrownBy(() -> assertThat(this.client, id).completes(WAIT))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining(id)
			.hasMessageContaining("to be COMPLETED, but it is FAILED")
			.hasMessageContaining("boom: x");
		assertThat(this.client, id).fails(WAIT)
			.hasFailure(RuntimeException.class, "boom: x")
			.hasFailure(IllegalStateException.class, "boom: x")
			.history()
			.failedActivity("explode").once();
		assertThatThrownBy(() -> assertThat(this.client, id).hasFailure(IllegalArgumentException.class, null))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("to have failed with java.lang.IllegalArgumentException, but it failed with");
	}

	@Test
	void countsThatDoNotMatchNameWhatHappened() {
		String id = this.client.scheduleNewWorkflow("quoteTwice", "pen", id("count"));
		WorkflowHistoryAssert history = assertThat(this.client, id).completes(WAIT).history();
		assertThatThrownBy(() -> history.calledActivity("quote").times(3))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Expected workflow instance '" + id + "' to call activity 'quote' 3 times, but it did 2 times")
			.hasMessageContaining("activities called: [quote, quote]");
		assertThatThrownBy(() -> history.createdTimer(Duration.ofDays(2)))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("to create a timer of PT48H, but its timers are [PT1H]");
		assertThatThrownBy(() -> history.calledActivitiesInOrder("explode", "quote"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("in the order [explode, quote], but it called [quote, quote]");
		assertThatThrownBy(() -> history.receivedEvent("approve").once())
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("to receive event 'approve' 1 time, but it did 0 times; events received: []");
	}

	@Test
	void wrongOutputShowsTheActualOne() {
		String id = this.client.scheduleNewWorkflow("thirtyDays", "y", id("output"));
		assertThatThrownBy(() -> assertThat(this.client, id).completes(WAIT).hasOutput("done z"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("to have output <done z>, but it has <done y>");
	}

	@Test
	void anInstanceThatDoesNotFinishInTimeIsReportedRunning() throws Exception {
		String id = this.client.scheduleNewWorkflow("timerThenEvent", null, id("running"));
		assertThat(this.client, id).reachesCustomStatus("waiting", WAIT);
		assertThatThrownBy(() -> assertThat(this.client, id).finishes(Duration.ofMillis(200)))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("to finish within PT0.2S, but it is RUNNING")
			.hasMessageContaining("custom status \"waiting\"");
		assertThatThrownBy(() -> assertThat(this.client, id).hasCustomStatus("done"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("to have custom status <done>, but it has <waiting>");
		this.client.terminateWorkflow(id, null);
	}

	@Test
	void anUnknownInstanceIsReportedMissing() {
		assertThatThrownBy(() -> assertThat(this.client, "no-such-instance").exists())
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Expected workflow instance 'no-such-instance' to exist, but there is no such instance");
	}

}
