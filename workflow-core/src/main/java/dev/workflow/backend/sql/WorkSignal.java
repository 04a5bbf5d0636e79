package dev.workflow.backend.sql;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes pollers when work was added, in this process or (through LISTEN/NOTIFY) in another. A
 * signal wakes one poller, not all of them: the poller that claims work passes the signal on
 * ({@link #signal()} again), so a burst of work wakes as many pollers as it needs and a single
 * item does not send every idle thread to the database.
 */
final class WorkSignal {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private long version;

	long version() {
		this.lock.lock();
		try {
			return this.version;
		}
		finally {
			this.lock.unlock();
		}
	}

	void signal() {
		this.lock.lock();
		try {
			this.version++;
			this.changed.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits until a signal after {@code seen} or the timeout. */
	void await(long seen, long millis) throws InterruptedException {
		this.lock.lock();
		try {
			long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
			while (this.version == seen && nanos > 0) {
				nanos = this.changed.awaitNanos(nanos);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
