package dev.workflow.engine;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of work items while they run, at a third of the lock timeout, so that long
 * activities and turns keep their work item and a crashed worker's lease runs out quickly.
 * <p>
 * One scheduler thread only decides when a lease is due; the renewal itself (a database write or
 * an actor turn, which can wait behind that instance's other work) runs on a pool, so one slow
 * renewal never delays the others. A lease has at most one renewal in flight: when the previous
 * one has not returned by the next tick, that tick is skipped instead of queueing more calls
 * against an instance that is already slow. Hence the pool holds at most one thread per running
 * work item, and it shrinks again when idle.
 */
final class LeaseRenewer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LeaseRenewer.class);

	private final AtomicInteger threadNumber = new AtomicInteger();

	// Replaced by open() after close(), so that an engine can start again after a stop.
	private volatile ScheduledExecutorService scheduler;

	private volatile ExecutorService renewals;

	LeaseRenewer() {
		open();
	}

	/** Creates the threads again after {@link #close()}; does nothing while they run. */
	synchronized void open() {
		if (this.scheduler != null && !this.scheduler.isShutdown()) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "workflow-lease-renewer");
			t.setDaemon(true);
			return t;
		});
		this.renewals = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				r -> {
					Thread t = new Thread(r, "workflow-lease-renewal-" + this.threadNumber.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
	}

	/**
	 * Renews until the returned handle is closed.
	 * @param lockTimeout the lease length
	 * @param renew renews once; throws when the lease is lost
	 * @param what the work item, for logs
	 * @return the handle
	 */
	AutoCloseable keepAlive(Duration lockTimeout, Runnable renew, String what) {
		return keepAlive(lockTimeout, null, renew, what);
	}

	/**
	 * Renews until the returned handle is closed, the first time before half of what is left of a
	 * lease shorter than the lock timeout (a first turn a backend leased at creation) has passed.
	 * @param lockTimeout the lease length once renewed
	 * @param lockedUntil when the lease as handed out runs out, or null if it lasts the lock timeout
	 * @param renew renews once; throws when the lease is lost
	 * @param what the work item, for logs
	 * @return the handle
	 */
	AutoCloseable keepAlive(Duration lockTimeout, java.time.Instant lockedUntil, Runnable renew, String what) {
		long period = Math.max(10, lockTimeout.toMillis() / 3);
		long first = period;
		if (lockedUntil != null) {
			long left = lockedUntil.toEpochMilli() - System.currentTimeMillis();
			first = Math.max(10, Math.min(period, left / 2));
		}
		Lease lease = new Lease(renew, what);
		lease.schedule = this.scheduler.scheduleAtFixedRate(lease::due, first, period, TimeUnit.MILLISECONDS);
		return lease::close;
	}

	/** One kept-alive lease. */
	private final class Lease {

		private final Runnable renew;

		private final String what;

		private final AtomicBoolean inFlight = new AtomicBoolean();

		private volatile boolean closed;

		volatile ScheduledFuture<?> schedule;

		Lease(Runnable renew, String what) {
			this.renew = renew;
			this.what = what;
		}

		/** On the scheduler thread: hands the renewal to the pool unless one is still running. */
		void due() {
			if (this.closed) {
				close(); // closed before the schedule was known: cancel it now
				return;
			}
			if (!this.inFlight.compareAndSet(false, true)) {
				log.debug("The previous lease renewal of {} has not returned yet; skipping this one", this.what);
				return;
			}
			try {
				LeaseRenewer.this.renewals.execute(this::renewOnce);
			}
			catch (RejectedExecutionException ex) {
				this.inFlight.set(false); // shutting down
			}
		}

		private void renewOnce() {
			try {
				if (!this.closed) {
					this.renew.run();
				}
			}
			catch (RuntimeException ex) {
				if (!this.closed) {
					log.warn("Could not renew the lease of {}: {}", this.what, ex.getMessage());
				}
				close();
			}
			finally {
				this.inFlight.set(false);
			}
		}

		void close() {
			this.closed = true;
			ScheduledFuture<?> s = this.schedule;
			if (s != null) {
				s.cancel(false);
			}
		}

	}

	@Override
	public synchronized void close() {
		this.scheduler.shutdownNow();
		this.renewals.shutdownNow();
	}

}
