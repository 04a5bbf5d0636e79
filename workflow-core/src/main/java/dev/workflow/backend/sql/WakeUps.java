package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Wake-ups of this backend's pollers: an in-process signal per kind of work when this process
 * commits work, a PostgreSQL NOTIFY (where available) so that other processes' pollers wake too,
 * and polling with a growing pause as the fallback.
 */
final class WakeUps {

	private final String owner;

	private final PostgresNotifier notifier;

	final WorkSignal workflowSignal = new WorkSignal();

	final WorkSignal activitySignal = new WorkSignal();

	/** The longest pause between idle claims of workflow work, below a longer max polling interval. */
	static final long MAX_IDLE_WORKFLOW_PAUSE_MILLIS = 50;

	private final IdlePace workflowPace;

	private final IdlePace activityPace;

	/**
	 * @param owner this backend's owner id, which its own notifications carry
	 * @param notifier the cross-process notifier, or {@code null} where the database has none
	 * @param minPollInterval the first pause of an idle poller
	 * @param maxPollInterval the longest pause of an idle poller
	 */
	WakeUps(String owner, PostgresNotifier notifier, Duration minPollInterval, Duration maxPollInterval) {
		this.owner = owner;
		this.notifier = notifier;
		this.workflowPace = new IdlePace(minPollInterval,
				maxPollInterval.compareTo(Duration.ofMillis(MAX_IDLE_WORKFLOW_PAUSE_MILLIS)) > 0
						? Duration.ofMillis(MAX_IDLE_WORKFLOW_PAUSE_MILLIS) : maxPollInterval);
		this.activityPace = new IdlePace(minPollInterval, maxPollInterval);
	}

	/** Starts listening for other processes' notifications. */
	void start() {
		if (this.notifier != null) {
			this.notifier.start(this::onNotify);
		}
	}

	/** Stops listening. */
	void stop() {
		if (this.notifier != null) {
			this.notifier.close();
		}
	}

	private WorkSignal signal(WakeUp.Kind kind) {
		return kind == WakeUp.Kind.WORKFLOW ? this.workflowSignal : this.activitySignal;
	}

	/** A notification from the database: wakes the pollers of the kinds it names. */
	void onNotify(String payload) {
		WakeUp wakeUp = WakeUp.parse(payload);
		if (wakeUp.owner().equals(this.owner)) {
			return; // our own commit: local pollers were woken already
		}
		wakeUp.kinds().forEach(kind -> signal(kind).signal());
	}

	/** Wakes this process's pollers. Called after a commit that added work. */
	void announce(Set<WakeUp.Kind> kinds) {
		kinds.forEach(kind -> signal(kind).signal());
	}

	/** Tells other processes, in the committing transaction, that work was added. */
	void notifyOthers(Connection c, Set<WakeUp.Kind> kinds) throws SQLException {
		if (this.notifier != null && !kinds.isEmpty()) {
			this.notifier.notifyInTransaction(c, new WakeUp(this.owner, kinds).payload());
		}
	}

	/**
	 * Claims until something is claimed or {@code maxWait} passed. A poller claims at once when a
	 * signal of that kind came since the latest claim of that kind (by any poller of this backend)
	 * or when that claim found work; otherwise it waits for a signal, and idle claims are paced
	 * for all pollers of the kind together: one claim per pause, the pause doubling from the min to
	 * the max polling interval while they find nothing (for workflow work at most
	 * {@value #MAX_IDLE_WORKFLOW_PAUSE_MILLIS} ms, since durable timers come due without a signal).
	 * Each poller pacing itself, sixteen idle activity workers that each restarted their pause at
	 * every call sent hundreds of empty claims per second to the database.
	 * @param running whether the backend still runs; a stopped backend returns {@code null}
	 */
	<T> T poll(WakeUp.Kind kind, Supplier<T> claim, Duration maxWait, BooleanSupplier running)
			throws InterruptedException {
		WorkSignal signal = signal(kind);
		IdlePace pace = kind == WakeUp.Kind.WORKFLOW ? this.workflowPace : this.activityPace;
		// Saturated: a huge wait must not overflow into a deadline in the past.
		Duration wait = maxWait.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365) : maxWait;
		long deadline = System.nanoTime() + wait.toNanos();
		while (running.getAsBoolean()) {
			long seen = signal.version();
			if (seen != pace.claimedAtVersion || !pace.lastEmpty || pace.takeTurn()) {
				pace.claimedAtVersion = seen;
				T item = claim.get();
				pace.claimed(item != null);
				if (item != null) {
					signal.signal(); // there may be more: wake the next poller
					return item;
				}
			}
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0) {
				return null;
			}
			signal.await(seen, Math.max(1, Math.min(left, pace.pauseMillis())));
		}
		return null;
	}

	/** The pacing of idle claims of one kind of work, shared by its pollers. */
	private static final class IdlePace {

		private final long minNanos;

		private final long maxNanos;

		/** The signal version read before the latest claim. */
		volatile long claimedAtVersion = -1;

		/** Whether the latest claim found nothing. */
		volatile boolean lastEmpty;

		private volatile long pauseNanos;

		private final AtomicLong nextIdleClaim = new AtomicLong(System.nanoTime());

		IdlePace(Duration min, Duration max) {
			this.minNanos = min.toNanos();
			this.maxNanos = Math.max(this.minNanos, max.toNanos());
			this.pauseNanos = this.minNanos;
		}

		long pauseMillis() {
			return this.pauseNanos / 1_000_000;
		}

		/** Whether the caller may make the next idle claim (at most one per pause). */
		boolean takeTurn() {
			long now = System.nanoTime();
			long next = this.nextIdleClaim.get();
			return now - next >= 0 && this.nextIdleClaim.compareAndSet(next, now + this.pauseNanos);
		}

		void claimed(boolean found) {
			this.lastEmpty = !found;
			if (found) {
				this.pauseNanos = this.minNanos;
			}
			else if (this.pauseNanos < this.maxNanos) {
				this.pauseNanos = Math.min(this.pauseNanos * 2, this.maxNanos);
			}
		}

	}

}
