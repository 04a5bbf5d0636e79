package dev.workflow.backend.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Work leases expire by the clock they are given, keyed by actor, with no sleeping. */
class WorkLeasesTest {

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	private final Clock clock = new Clock() {
		@Override
		public ZoneId getZone() {
			return ZoneId.of("UTC");
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return WorkLeasesTest.this.now;
		}
	};

	private final WorkLeases leases = new WorkLeases(this.clock);

	private List<String> reap() {
		List<String> expired = new ArrayList<>();
		this.leases.reapExpired((key, token) -> expired.add(key.actorType() + ":" + key.actorId() + ":" + token));
		return expired;
	}

	@Test
	void aLeaseExpiresOnceAfterItsDeadline() {
		LeaseKey key = new LeaseKey(WorkflowActor.TYPE, "order|1");
		this.leases.handedOut(key, "t1", this.now.plusSeconds(10));
		this.now = this.now.plusSeconds(10);
		assertThat(reap()).isEmpty();
		this.now = this.now.plusMillis(1);
		// an id with the old separator in it stays one id: the key is typed, never parsed
		assertThat(reap()).containsExactly("workflow:order|1:t1");
		assertThat(reap()).isEmpty();
	}

	@Test
	void aRenewedLeaseLastsTheTimeoutFromTheRenewal() {
		LeaseKey key = new LeaseKey(ActivityActor.TYPE, "a|e|1");
		this.leases.handedOut(key, "t1", this.now.plusSeconds(10));
		this.now = this.now.plusSeconds(8);
		this.leases.renewed(key, Duration.ofSeconds(10));
		this.now = this.now.plusSeconds(9);
		assertThat(reap()).isEmpty();
		this.now = this.now.plusSeconds(2);
		assertThat(reap()).containsExactly("activity:a|e|1:t1");
	}

	@Test
	void anEndedLeaseNeverExpiresAndRenewingItDoesNotBringItBack() {
		LeaseKey key = new LeaseKey(WorkflowActor.TYPE, "i");
		this.leases.handedOut(key, "t1", this.now.plusSeconds(1));
		this.leases.ended(key);
		this.leases.renewed(key, Duration.ofSeconds(1));
		this.now = this.now.plusSeconds(5);
		assertThat(reap()).isEmpty();
		assertThat(key.isWorkflow()).isTrue();
		assertThat(new LeaseKey(ActivityActor.TYPE, "i").isWorkflow()).isFalse();
	}

}
