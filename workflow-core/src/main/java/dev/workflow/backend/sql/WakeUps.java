package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
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

	private final Duration minPollInterval;

	private final Duration maxPollInterval;

	final WorkSignal workflowSignal = new WorkSignal();

	final WorkSignal activitySignal = new WorkSignal();

	/**
	 * @param owner this backend's owner id, which its own notifications carry
	 * @param notifier the cross-process notifier, or {@code null} where the database has none
	 * @param minPollInterval the first pause of an idle poller
	 * @param maxPollInterval the longest pause of an idle poller
	 */
	WakeUps(String owner, PostgresNotifier notifier, Duration minPollInterval, Duration maxPollInterval) {
		this.owner = owner;
		this.notifier = notifier;
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
	 * Claims until something is claimed or {@code maxWait} passed; between attempts it waits for a
	 * signal of that kind, or for a pause that doubles from the min to the max polling interval.
	 * @param running whether the backend still runs; a stopped backend returns {@code null}
	 */
	<T> T poll(WakeUp.Kind kind, Supplier<T> claim, Duration maxWait, BooleanSupplier running)
			throws InterruptedException {
		WorkSignal signal = signal(kind);
		// Saturated: a huge wait must not overflow into a deadline in the past.
		Duration wait = maxWait.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365) : maxWait;
		long deadline = System.nanoTime() + wait.toNanos();
		long pause = this.minPollInterval.toMillis();
		while (running.getAsBoolean()) {
			long seen = signal.version();
			T item = claim.get();
			if (item != null) {
				signal.signal(); // there may be more: wake the next poller
				return item;
			}
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0) {
				return null;
			}
			signal.await(seen, Math.min(left, pause));
			pause = Math.min(pause * 2, this.maxPollInterval.toMillis());
		}
		return null;
	}

}
