package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of work items this process handed out, one per actor. A worker that dies or hangs
 * without renewing leaves its lease to expire; the reaper then tells the actor, which hands the work
 * out again. The actor itself decides whether a completion still holds the lease (by token); this
 * bookkeeping only finds the expired ones.
 */
final class WorkLeases {

	private static final Logger log = LoggerFactory.getLogger(WorkLeases.class);

	private record Lease(String token, long deadlineMillis) {
	}

	private final Map<LeaseKey, Lease> leases = new ConcurrentHashMap<>();

	private final Clock clock;

	WorkLeases(Clock clock) {
		this.clock = clock;
	}

	/** A work item was handed to a worker, leased until the given time. */
	void handedOut(LeaseKey key, String lockToken, Instant until) {
		this.leases.put(key, new Lease(lockToken, until.toEpochMilli()));
	}

	/** The worker renewed its lease: it now lasts the timeout from now. */
	void renewed(LeaseKey key, Duration timeout) {
		long deadline = this.clock.millis() + timeout.toMillis();
		this.leases.computeIfPresent(key, (k, lease) -> new Lease(lease.token(), deadline));
	}

	/** The work item was completed, abandoned or withdrawn. */
	void ended(LeaseKey key) {
		this.leases.remove(key);
	}

	/**
	 * Removes the leases past their deadline and hands each to {@code expire} with its lock token,
	 * so the actor can withdraw exactly that work item (a newer one keeps its lease).
	 */
	void reapExpired(BiConsumer<LeaseKey, String> expire) {
		long now = this.clock.millis();
		this.leases.forEach((key, lease) -> {
			if (lease.deadlineMillis() < now && this.leases.remove(key, lease)) {
				log.info("Lease on {} '{}' expired; handing it out again", key.actorType(), key.actorId());
				expire.accept(key, lease.token());
			}
		});
	}

	/**
	 * The clock is about to jump forward (a test skipping time): every lease keeps the time it has
	 * left, as the jump is no time its worker spent silent.
	 */
	void extendAll(Duration by) {
		this.leases.replaceAll((key, lease) -> new Lease(lease.token(), lease.deadlineMillis() + by.toMillis()));
	}

	/** Whether no work item is handed out. */
	boolean isEmpty() {
		return this.leases.isEmpty();
	}

	void clear() {
		this.leases.clear();
	}

}
