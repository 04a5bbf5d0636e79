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

	private final long minPollMillis;

	private final long maxPollMillis;

	private final IdlePace workflowPace;

	private final Duration minPollInterval;

	private final Duration maxPollInterval;

	/**
	 * The pacing of idle activity claims, one per kind of poller (what it can run): an empty claim
	 * of one app's pollers says nothing of another app's work, and one shared pace let the poller
	 * that kept winning the turn (of an app that had nothing to run) starve another app's pollers.
	 */
	private final java.util.Map<Object, IdlePace> activityPaces = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * @param owner this backend's owner id, which its own notifications carry
	 * @param notifier the cross-process notifier, or {@code null} where the database has none
	 * @param minPollInterval the first pause of an idle poller
	 * @param maxPollInterval the longest pause of an idle poller
	 */
	WakeUps(String owner, PostgresNotifier notifier, Duration minPollInterval, Duration maxPollInterval) {
		this.owner = owner;
		this.notifier = notifier;
		this.minPollMillis = Math.max(1, minPollInterval.toMillis());
		this.maxPollMillis = Math.max(this.minPollMillis, maxPollInterval.toMillis());
		this.workflowPace = new IdlePace(minPollInterval, maxPollInterval);
		this.minPollInterval = minPollInterval;
		this.maxPollInterval = maxPollInterval;
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
	 * Claims until something is claimed or {@code maxWait} passed.
	 * <p>
	 * Workflow pollers claim at once, and again after each pause (from the min to the max polling
	 * interval, doubling) or signal: a poller often finds the next turn awake, without waiting to be
	 * woken, and a due timer is found within a pause.
	 * <p>
	 * Activity pollers claim at once only when a signal of their kind came since the latest claim
	 * (by any activity poller of this backend) or when that claim found work; otherwise their idle
	 * claims are paced for all of them together: one claim per pause, the pause doubling from the
	 * min to the max polling interval while they find nothing. Each pacing itself and starting over
	 * at every call, sixteen idle activity workers sent about three empty claims per workflow to
	 * the database.
	 * @param running whether the backend still runs; a stopped backend returns {@code null}
	 */
	<T> T poll(WakeUp.Kind kind, Supplier<T> claim, Duration maxWait, BooleanSupplier running)
			throws InterruptedException {
		return poll(kind, claim, maxWait, running, item -> true);
	}

	/**
	 * {@link #poll(WakeUp.Kind, Supplier, Duration, BooleanSupplier)}, passing the signal on to the
	 * next poller only for a claimed item that {@code passOn} says may have others behind it.
	 */
	<T> T poll(WakeUp.Kind kind, Supplier<T> claim, Duration maxWait, BooleanSupplier running,
			java.util.function.Predicate<T> passOn) throws InterruptedException {
		return poll(kind, claim, maxWait, running, passOn, "");
	}

	/**
	 * {@link #poll(WakeUp.Kind, Supplier, Duration, BooleanSupplier, java.util.function.Predicate)}
	 * for a poller whose idle activity claims are paced with those of the same {@code paceKey}
	 * (what the poller can run).
	 */
	<T> T poll(WakeUp.Kind kind, Supplier<T> claim, Duration maxWait, BooleanSupplier running,
			java.util.function.Predicate<T> passOn, Object paceKey) throws InterruptedException {
		WorkSignal signal = signal(kind);
		IdlePace pace = kind == WakeUp.Kind.WORKFLOW ? this.workflowPace
				: this.activityPaces.computeIfAbsent(paceKey, k -> new IdlePace(this.minPollInterval, this.maxPollInterval));
		// Saturated: a huge wait must not overflow into a deadline in the past.
		Duration wait = maxWait.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365) : maxWait;
		long deadline = System.nanoTime() + wait.toNanos();
		boolean paced = kind == WakeUp.Kind.ACTIVITY;
		long pause = this.minPollMillis;
		while (running.getAsBoolean()) {
			long seen = signal.version();
			if (!paced || seen != pace.claimedAtVersion || !pace.lastEmpty || pace.takeTurn()) {
				pace.claimedAtVersion = seen;
				T item = claim.get();
				pace.claimed(item != null);
				if (item != null) {
					if (passOn.test(item)) {
						signal.signal(); // there may be more: wake the next poller
					}
					return item;
				}
			}
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0) {
				return null;
			}
			signal.await(seen, Math.max(1, Math.min(left, paced ? pace.pauseMillis() : pause)));
			pause = Math.min(pause * 2, this.maxPollMillis);
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
