package dev.workflow.engine;

import java.time.Duration;
import java.util.List;

/**
 * Small helpers shared by the workers.
 */
final class WorkerThreads {

	private WorkerThreads() {
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

	/** Waits for threads to finish their current item, then interrupts the rest. */
	static void join(List<Thread> threads, Duration drain) {
		long deadline = System.nanoTime() + drain.toNanos();
		for (Thread t : threads) {
			long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
			try {
				t.join(Math.max(1, left));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		threads.forEach(Thread::interrupt);
	}

}
