package dev.workflow.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.workflow.backend.InstanceMetadata;

/**
 * Wakes in-process callers waiting on an instance when this process changes its state, so waits
 * do not depend on polling; polling remains for changes made by other processes. A signal may
 * carry the instance as the change left it, which spares the woken caller a read.
 */
final class InstanceWaiters {

	private static final class Slot {

		final ReentrantLock lock = new ReentrantLock();

		final Condition changed = this.lock.newCondition();

		long version;

		/** What the latest signal carried: the instance as a commit of this process left it, or null. */
		InstanceMetadata state;

		int waiters;

	}

	private final Map<String, Slot> slots = new ConcurrentHashMap<>();

	void signal(String instanceId) {
		signal(instanceId, null);
	}

	/**
	 * Wakes the waiters of an instance.
	 * @param state the instance as the change left it, if known without a read, else null
	 */
	void signal(String instanceId, InstanceMetadata state) {
		Slot slot = this.slots.get(instanceId);
		if (slot != null) {
			slot.lock.lock();
			try {
				slot.version++;
				slot.state = state;
				slot.changed.signalAll();
			}
			finally {
				slot.lock.unlock();
			}
		}
	}

	/** Registers interest; the returned version is passed to {@link #await}. */
	long register(String instanceId) {
		Slot slot = this.slots.compute(instanceId, (k, s) -> {
			Slot r = s == null ? new Slot() : s;
			r.waiters++;
			return r;
		});
		slot.lock.lock();
		try {
			return slot.version;
		}
		finally {
			slot.lock.unlock();
		}
	}

	void unregister(String instanceId) {
		this.slots.computeIfPresent(instanceId, (k, s) -> --s.waiters == 0 ? null : s);
	}

	/**
	 * The instance as the signal that set {@code version} carried it, or null if that signal
	 * carried none or a later one came.
	 */
	InstanceMetadata state(String instanceId, long version) {
		Slot slot = this.slots.get(instanceId);
		if (slot == null) {
			return null;
		}
		slot.lock.lock();
		try {
			return slot.version == version ? slot.state : null;
		}
		finally {
			slot.lock.unlock();
		}
	}

	/** Waits until a signal after {@code seen}, or the timeout; returns the current version. */
	long await(String instanceId, long seen, Duration timeout) throws InterruptedException {
		Slot slot = this.slots.get(instanceId);
		if (slot == null) {
			Thread.sleep(Math.max(1, timeout.toMillis()));
			return seen;
		}
		slot.lock.lock();
		try {
			long nanos = timeout.toNanos();
			while (slot.version == seen && nanos > 0) {
				nanos = slot.changed.awaitNanos(nanos);
			}
			return slot.version;
		}
		finally {
			slot.lock.unlock();
		}
	}

}
