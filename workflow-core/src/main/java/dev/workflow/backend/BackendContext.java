package dev.workflow.backend;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What a hosting runtime offers to a backend it creates: shared resources by type, for example the
 * application's {@code javax.sql.DataSource} in Spring, and the clock that leases, timers and
 * timestamps are read from.
 */
@FunctionalInterface
public interface BackendContext {

	/**
	 * A context that offers nothing but the system clock.
	 */
	BackendContext EMPTY = new BackendContext() {
		@Override
		public <T> Optional<T> find(Class<T> type) {
			return Optional.empty();
		}
	};

	/**
	 * Finds a shared resource.
	 * @param type the resource's type
	 * @param <T> the type
	 * @return the resource, if the host has exactly one
	 */
	<T> Optional<T> find(Class<T> type);

	/**
	 * The clock a backend reads "now" from: lease expiry, due timers and reminders, stored
	 * timestamps. A host passes its own (a test a controllable one) so that the engine and the
	 * backend agree on the time.
	 * @return the clock, {@link Clock#systemUTC()} unless the host sets one
	 */
	default Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * This context with another clock; the resources stay the same.
	 * @param clock the clock
	 * @return a new context
	 */
	default BackendContext withClock(Clock clock) {
		Objects.requireNonNull(clock, "clock");
		BackendContext resources = this;
		return new BackendContext() {
			@Override
			public <T> Optional<T> find(Class<T> type) {
				return resources.find(type);
			}

			@Override
			public Clock clock() {
				return clock;
			}
		};
	}

}
