package dev.workflow.spring.boot.test;

import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.workflow.WorkflowClient;
import dev.workflow.spring.boot.test.app.SlowActivities;

/**
 * With time skipping off, time moves only by advance(); timers due by then fire, leases survive.
 * Activities run on the activity workers (not inline in the turn), so the slow one holds a lease.
 */
@WorkflowTest(timeSkipping = false, properties = "dapr.workflow.worker.inline-activities=false")
class ManualClockTests {

	@Autowired
	WorkflowClient client;

	@Autowired
	WorkflowTestClock clock;

	@Autowired
	SlowActivities slow;

	private static String id(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	@Test
	void advancingPastTheTimeoutFiresItAndNotBefore() throws Exception {
		assertThat(this.clock.isTimeSkipping()).isFalse();
		String id = this.client.scheduleNewWorkflow("approvalWithTimeout", null, id("advance"));
		assertThat(this.client, id).reachesCustomStatus("waiting", Duration.ofSeconds(30));
		this.clock.advance(Duration.ofDays(6));
		Thread.sleep(300);
		assertThat(this.client, id).isRunning();
		this.clock.advance(Duration.ofDays(1).plusMinutes(1));
		assertThat(this.client, id).completes(Duration.ofSeconds(30)).hasOutput("timed out");
	}

	@Test
	void withoutSkippingAnEventBeforeTheTimeoutWins() throws Exception {
		String id = this.client.scheduleNewWorkflow("approvalWithTimeout", null, id("approve"));
		assertThat(this.client, id).reachesCustomStatus("waiting", Duration.ofSeconds(30));
		Thread.sleep(200); // skipping would have jumped to the timeout by now
		this.client.raiseEvent(id, "approve", "ann");
		assertThat(this.client, id).completes(Duration.ofSeconds(30)).hasOutput("approved by ann");
	}

	@Test
	void advancingWhileAnActivityRunsDoesNotExpireItsLease() throws Exception {
		String id = this.client.scheduleNewWorkflow("slowActivity", "a", id("lease"));
		assertThat(this.slow.started.await(30, TimeUnit.SECONDS)).isTrue();
		// a day is far past the two-minute activity lock timeout; the lease keeps the time it had left
		this.clock.advance(Duration.ofDays(1));
		Thread.sleep(2500); // the lease reaper looks every second
		this.slow.release.countDown();
		assertThat(this.client, id).completes(Duration.ofSeconds(30)).hasOutput("slow a");
		assertThat(this.slow.runs).hasValue(1);
	}

	@Test
	void theClockNeverGoesBack() {
		assertThatThrownBy(() -> this.clock.advance(Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("never goes back");
	}

}
