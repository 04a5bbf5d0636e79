package dev.workflow.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of work items while they run, at a third of the lock timeout, so that long
 * activities and turns keep their work item and a crashed worker's lease runs out quickly.
 */
final class LeaseRenewer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LeaseRenewer.class);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "workflow-lease-renewer");
		t.setDaemon(true);
		return t;
	});

	/**
	 * Renews until the returned handle is closed.
	 * @param lockTimeout the lease length
	 * @param renew renews once; throws when the lease is lost
	 * @param what the work item, for logs
	 * @return the handle
	 */
	AutoCloseable keepAlive(Duration lockTimeout, Runnable renew, String what) {
		long period = Math.max(10, lockTimeout.toMillis() / 3);
		ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
		self[0] = this.scheduler.scheduleAtFixedRate(() -> {
			try {
				renew.run();
			}
			catch (RuntimeException ex) {
				log.warn("Could not renew the lease of {}: {}", what, ex.getMessage());
				self[0].cancel(false);
			}
		}, period, period, TimeUnit.MILLISECONDS);
		return () -> self[0].cancel(false);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
