package dev.workflow.backend.actors;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The work items actors handed out and no worker took yet, in order. A worker takes the first item
 * it can run ({@link dev.workflow.backend.WorkerCapabilities}); an item no worker here can run
 * stays queued, visible as waiting, instead of being failed by a worker that does not host it.
 *
 * @param <T> the work item type
 */
final class WorkQueue<T> {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition added = this.lock.newCondition();

	private final LinkedList<T> items = new LinkedList<>();

	/**
	 * Queues an item and wakes a waiting worker.
	 * @param mixedWorkers whether workers that can run different things wait here (several
	 * runtimes on one backend): then every waiter looks, as the first one woken may not be able to
	 * run the item; otherwise one waiter is enough
	 */
	void add(T item, boolean mixedWorkers) {
		this.lock.lock();
		try {
			this.items.add(item);
			if (mixedWorkers) {
				this.added.signalAll();
			}
			else {
				this.added.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes the first item the worker can run, waiting up to {@code maxWait} for one.
	 * @param taken called with the item before the queue is unlocked, so whatever it records (the
	 * item's lease) is visible before {@link #isEmpty()} can tell that the item left the queue
	 * @return the item, or null if none arrived in time
	 */
	T take(Predicate<T> canRun, Duration maxWait, Consumer<T> taken) throws InterruptedException {
		long left = maxWait.toNanos();
		this.lock.lockInterruptibly();
		try {
			while (true) {
				for (Iterator<T> it = this.items.iterator(); it.hasNext();) {
					T item = it.next();
					if (canRun.test(item)) {
						it.remove();
						taken.accept(item);
						return item;
					}
				}
				if (left <= 0) {
					return null;
				}
				left = this.added.awaitNanos(left);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether no item waits for a worker. */
	boolean isEmpty() {
		this.lock.lock();
		try {
			return this.items.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	void clear() {
		this.lock.lock();
		try {
			this.items.clear();
		}
		finally {
			this.lock.unlock();
		}
	}

}
