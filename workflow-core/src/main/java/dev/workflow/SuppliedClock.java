package dev.workflow;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * A clock that reads whichever clock its supplier returns at each call: the runtime builder's
 * current clock, for a backend created before {@link WorkflowRuntime.Builder#clock(Clock)} was
 * called.
 */
final class SuppliedClock extends Clock {

	private final Supplier<Clock> clock;

	SuppliedClock(Supplier<Clock> clock) {
		this.clock = clock;
	}

	@Override
	public ZoneId getZone() {
		return this.clock.get().getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this.clock.get().withZone(zone);
	}

	@Override
	public Instant instant() {
		return this.clock.get().instant();
	}

	@Override
	public long millis() {
		return this.clock.get().millis();
	}

}
