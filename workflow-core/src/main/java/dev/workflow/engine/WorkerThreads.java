package dev.workflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.ThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of threads that each take the next work item from the backend and process it,
 * until stopped. Fetch errors (a database that went away) are logged and retried after a pause.
 * <p>
 * Nothing thrown while fetching or processing ends a worker: the item's own error handling runs
 * inside {@code process}, and whatever still escapes it (an {@link Error} thrown while logging an
 * {@link OutOfMemoryError}, say) is logged here and the loop goes on. Should a thread die all the
 * same, it is replaced. Each thread records since when it is busy with its current item, so
 * {@link #problem(Duration)} can tell when the pool cannot make progress.
 *
 * @param <T> the work item type
 */
final class WorkerThreads<T> {

	private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);

	/** Takes the next work item, waiting up to the given time. */
	@FunctionalInterface
	interface Fetch<T> {

		T next(Duration maxWait) throws InterruptedException;

	}

	/** One worker position: the thread that fills it now and what it is doing. */
	private static final class Slot {

		final int index;

		volatile Thread thread;

		/** System.nanoTime() when the current item was taken, or 0 when idle. */
		volatile long busySince;

		Slot(int index) {
			this.index = index;
		}

	}

	private final String namePrefix;

	private final int count;

	private final Fetch<T> fetch;

	private final Consumer<T> process;

	private final List<Slot> slots = new ArrayList<>();

	private volatile boolean stopping = true;

	private volatile int replaced;

	private volatile ThreadFactory threadFactory;

	WorkerThreads(String namePrefix, int count, Fetch<T> fetch, Consumer<T> process) {
		this.namePrefix = namePrefix;
		this.count = count;
		this.fetch = fetch;
		this.process = process;
	}

	synchronized void start() {
		this.stopping = false;
		for (int i = 0; i < this.count; i++) {
			Slot slot = new Slot(i);
			this.slots.add(slot);
			startThread(slot);
		}
	}

	/** Creates the worker threads from now on (virtual threads, say); null for platform threads. */
	void threadFactory(ThreadFactory factory) {
		this.threadFactory = factory;
	}

	private void startThread(Slot slot) {
		ThreadFactory factory = this.threadFactory;
		Thread t = factory != null ? factory.newThread(() -> run(slot)) : new Thread(() -> run(slot));
		t.setName(this.namePrefix + slot.index);
		if (!t.isDaemon()) { // virtual threads are daemons already, and refuse the call
			t.setDaemon(true);
		}
		slot.busySince = 0;
		slot.thread = t;
		t.start();
	}

	/** Stops taking work, waits for the current items up to {@code drain}, then interrupts the rest. */
	synchronized void stop(Duration drain) {
		this.stopping = true;
		long deadline = System.nanoTime() + drain.toNanos();
		for (Slot slot : this.slots) {
			long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
			try {
				slot.thread.join(Math.max(1, left));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.slots.forEach(s -> s.thread.interrupt());
		this.slots.clear();
	}

	/**
	 * Why this pool cannot make progress, if it cannot: every worker has been busy with one item
	 * for longer than {@code stuckAfter} (hung user code), or a worker thread is gone and could
	 * not be replaced.
	 * @param stuckAfter how long one item may hold a worker before it counts as stuck
	 * @return the reason, or null when the pool can make progress (or is not running)
	 */
	synchronized String problem(Duration stuckAfter) {
		if (this.stopping || this.slots.isEmpty()) {
			return null;
		}
		long now = System.nanoTime();
		int stuck = 0;
		for (Slot slot : this.slots) {
			Thread t = slot.thread;
			if (t == null || !t.isAlive()) {
				return "worker thread " + this.namePrefix + slot.index + " has died and could not be replaced";
			}
			long since = slot.busySince;
			if (since != 0 && now - since > stuckAfter.toNanos()) {
				stuck++;
			}
		}
		if (stuck == this.slots.size()) {
			return "all " + stuck + " " + this.namePrefix + "* threads have been busy with one work item each for more than "
					+ stuckAfter + " (hung workflow or activity code?)";
		}
		return null;
	}

	/**
	 * Puts a new thread in the place of a worker thread that is held up elsewhere (an inline
	 * activity that overran its budget), so the pool keeps its size; the old thread leaves its loop
	 * once its current item returns.
	 * @param worker the thread to replace
	 */
	synchronized void replace(Thread worker) {
		if (this.stopping) {
			return;
		}
		for (Slot slot : this.slots) {
			if (slot.thread == worker) {
				startThread(slot);
				return;
			}
		}
	}

	/** How many worker threads died and were replaced since the start, for tests and logs. */
	int replacedThreads() {
		return this.replaced;
	}

	private void run(Slot slot) {
		try {
			loop(slot);
		}
		finally {
			// Only reached on stop, after replace(), or when something escaped even the catch-all
			// below (an Error thrown while handling an Error): a pool that silently shrinks to zero
			// would leave work undone while health says UP, so put a new thread in this slot.
			if (!this.stopping && slot.thread == Thread.currentThread()) {
				slot.busySince = 0;
				synchronized (this) {
					if (!this.stopping && this.slots.contains(slot)) {
						this.replaced++;
						try {
							log.error("Worker thread {} ended unexpectedly; starting a replacement",
									Thread.currentThread().getName());
							startThread(slot);
						}
						catch (Throwable ex) {
							// Out of memory for a new thread: problem() reports the dead slot.
							slot.thread = null;
						}
					}
				}
			}
		}
	}

	private void loop(Slot slot) {
		while (!this.stopping && slot.thread == Thread.currentThread()) {
			T item;
			try {
				item = this.fetch.next(Duration.ofMillis(200));
			}
			catch (InterruptedException ex) {
				if (this.stopping) {
					return;
				}
				continue;
			}
			catch (Throwable ex) {
				log.warn("Could not fetch work ({}): {}", this.namePrefix, ex.toString());
				pause(Duration.ofMillis(500));
				continue;
			}
			if (item != null) {
				slot.busySince = System.nanoTime();
				try {
					this.process.accept(item);
				}
				catch (Throwable ex) {
					// process() handles the item's failures itself; this is the last line of defence
					// so that no Throwable from user code or a backend ends the worker.
					try {
						log.error("Unexpected error while processing a work item on {}; the worker goes on",
								Thread.currentThread().getName(), ex);
					}
					catch (Throwable ignored) {
						// logging itself failed (out of memory): carry on regardless
					}
				}
				finally {
					if (slot.thread == Thread.currentThread()) {
						slot.busySince = 0;
					}
				}
			}
		}
	}

	static Duration backoff(int attempt) {
		return Duration.ofMillis(Math.min(5_000, 50L * attempt));
	}

	static void pause(Duration d) {
		try {
			Thread.sleep(d.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
