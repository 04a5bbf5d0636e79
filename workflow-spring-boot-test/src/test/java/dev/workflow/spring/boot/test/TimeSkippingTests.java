package dev.workflow.spring.boot.test;

import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.workflow.WorkflowClient;

/** With time skipping on, long timers pass in wall-time milliseconds and events still arrive after them. */
@WorkflowTest
class TimeSkippingTests {

	@Autowired
	WorkflowClient client;

	@Autowired
	WorkflowTestClock clock;

	private static String id(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	@Test
	void aThirtyDayTimerCompletesWithoutWaitingThirtyDays() {
		Duration before = this.clock.offset();
		long start = System.nanoTime();
		String id = this.client.scheduleNewWorkflow("thirtyDays", "x", id("thirty"));
		assertThat(this.client, id).completes(Duration.ofSeconds(30))
			.hasOutput("done x")
			.history()
			.createdTimer(Duration.ofDays(30))
			.firedTimers().once();
		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		// generous: the machine is shared; the point is that it did not wait 30 days
		assertThat(wall).isLessThan(Duration.ofSeconds(10));
		assertThat(this.clock.offset().minus(before)).isGreaterThanOrEqualTo(Duration.ofDays(30).minusMinutes(1));
		assertThat(this.clock.isTimeSkipping()).isTrue();
	}

	@Test
	void anEventRaisedAfterASkippedTimerIsReceived() throws Exception {
		String id = this.client.scheduleNewWorkflow("timerThenEvent", null, id("event"));
		// the ten days pass; then the workflow waits on an event with no timeout, so time stands
		assertThat(this.client, id).reachesCustomStatus("waiting", Duration.ofSeconds(30)).isRunning();
		this.client.raiseEvent(id, "go", "green");
		assertThat(this.client, id).completes(Duration.ofSeconds(30))
			.hasOutput("got green")
			.history()
			.createdTimer(Duration.ofDays(10))
			.receivedEvent("go").once();
	}

	@Test
	void anEventWaitTimesOutAfterItsSkippedTimeout() {
		String id = this.client.scheduleNewWorkflow("approvalWithTimeout", null, id("timeout"));
		assertThat(this.client, id).completes(Duration.ofSeconds(30)).hasOutput("timed out");
	}

	@Test
	void aChildWorkflowsTimerIsSkippedToo() {
		String id = this.client.scheduleNewWorkflow("parent", "child", id("parent"));
		assertThat(this.client, id).completes(Duration.ofSeconds(30))
			.hasOutput("done child")
			.history()
			.calledChildWorkflow("thirtyDays").once()
			.createdTimers().never();
	}

}
