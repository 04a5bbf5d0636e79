package dev.workflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of threads that each take the next work item from the backend and process it,
 * until stopped. Fetch errors (a database that went away) are logged and retried after a pause.
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

	private final String namePrefix;

	private final int count;

	private final Fetch<T> fetch;

	private final Consumer<T> process;

	private final List<Thread> running = new ArrayList<>();

	private volatile boolean stopping;

	WorkerThreads(String namePrefix, int count, Fetch<T> fetch, Consumer<T> process) {
		this.namePrefix = namePrefix;
		this.count = count;
		this.fetch = fetch;
		this.process = process;
	}

	synchronized void start() {
		this.stopping = false;
		for (int i = 0; i < this.count; i++) {
			Thread t = new Thread(this::loop, this.namePrefix + i);
			t.setDaemon(true);
			t.start();
			this.running.add(t);
		}
	}

	/** Stops taking work, waits for the current items up to {@code drain}, then interrupts the rest. */
	synchronized void stop(Duration drain) {
		this.stopping = true;
		long deadline = System.nanoTime() + drain.toNanos();
		for (Thread t : this.running) {
			long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
			try {
				t.join(Math.max(1, left));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.running.forEach(Thread::interrupt);
		this.running.clear();
	}

	private void loop() {
		while (!this.stopping) {
			T item;
			try {
				item = this.fetch.next(Duration.ofMillis(200));
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Could not fetch work ({}): {}", this.namePrefix, ex.toString());
				pause(Duration.ofMillis(500));
				continue;
			}
			if (item != null) {
				this.process.accept(item);
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
