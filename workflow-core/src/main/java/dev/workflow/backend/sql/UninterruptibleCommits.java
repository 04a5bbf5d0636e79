package dev.workflow.backend.sql;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs transactions on threads that nothing interrupts, for a database that closes itself when a
 * committing thread is interrupted (H2: {@link SqlDialect#diesOfInterruptedCommits()}). The caller
 * waits for the outcome whatever interrupts it gets, and has its interrupt flag set again when the
 * call returns: an interrupted {@code scheduleNewWorkflow} either created the instance and returns,
 * or failed and throws, and the database stays open for everyone else. Found by the contract test
 * that interrupts a scheduling thread at random moments: once in a full run the interrupt hit an
 * H2 commit waiting for a lock another commit held, and every later call failed with "The database
 * has been closed".
 */
final class UninterruptibleCommits {

	private static final AtomicInteger threads = new AtomicInteger();

	/** Grows with the callers waiting at once; idle threads end after a minute. */
	private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
			new SynchronousQueue<>(), r -> {
				Thread t = new Thread(r, "workflow-db-commit-" + threads.incrementAndGet());
				t.setDaemon(true);
				return t;
			});

	/** A transaction to run. */
	@FunctionalInterface
	interface Transaction<T> {

		T run() throws SQLException;

	}

	private UninterruptibleCommits() {
	}

	/**
	 * Runs the transaction on a pool thread and waits for it, uninterruptibly.
	 * @return what the transaction returned
	 * @throws SQLException what it threw
	 */
	static <T> T run(Transaction<T> transaction) throws SQLException {
		Future<T> outcome = POOL.submit(transaction::run);
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return outcome.get();
				}
				catch (InterruptedException ex) {
					interrupted = true; // the transaction goes on; its outcome is still this call's
				}
				catch (ExecutionException ex) {
					Throwable cause = ex.getCause();
					if (cause instanceof SQLException sql) {
						throw sql;
					}
					if (cause instanceof RuntimeException runtime) {
						throw runtime;
					}
					if (cause instanceof Error error) {
						throw error;
					}
					throw new IllegalStateException(cause);
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
