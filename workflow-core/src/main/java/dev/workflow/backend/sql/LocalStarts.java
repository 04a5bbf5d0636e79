package dev.workflow.backend.sql;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.ExecutionStarted;

/**
 * First turns of instances this process created and leased to itself in the creating transaction,
 * handed to this process's own workflow pollers without a claim: a start that a local worker can
 * run costs no claim statement and no read of history and inbox, which the creator already knows
 * (the history is empty, the inbox holds the start event).
 * <p>
 * Such a lease is short ({@link #leaseFor}), so if this process dies before it ran the first turn,
 * another process (or this one restarted) takes the instance over soon, as it would any expired
 * lease. An item whose lease is about to run out is dropped here, not handed out: the database
 * claim takes it once the lease has expired. Only instances that a poller of this process has
 * shown it can run are leased this way, and only up to {@link #MAX_ITEMS} at a time, so a backlog
 * is left in the database for every process to claim.
 */
final class LocalStarts {

	/** The most first turns held here at once. */
	static final int MAX_ITEMS = 256;

	/** The longest lease a first turn held here gets. */
	static final Duration MAX_LEASE = Duration.ofSeconds(10);

	/** An item handed out must leave its worker at least this long before the lease runs out. */
	private static final Duration MARGIN = Duration.ofSeconds(1);

	private final ConcurrentLinkedQueue<WorkflowWorkItem> items = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	/** What the pollers of this process have asked for: several when several workers share a backend. */
	private final Set<WorkerCapabilities> pollers = ConcurrentHashMap.newKeySet();

	/** The lease of a first turn held here, for a backend whose leases last {@code lockTimeout}. */
	static Duration leaseFor(Duration lockTimeout) {
		return lockTimeout.compareTo(MAX_LEASE) < 0 ? lockTimeout : MAX_LEASE;
	}

	/** Notes what a poller of this process can run. */
	void pollerSeen(WorkerCapabilities capabilities) {
		if (!this.pollers.contains(capabilities)) {
			this.pollers.add(capabilities);
		}
	}

	/**
	 * Whether the first turn of a new instance should be leased to this process: due now, a poller
	 * of this process can run it, and there is room.
	 */
	boolean wanted(ExecutionStarted started, Instant now) {
		if (this.size.get() >= MAX_ITEMS) {
			return false;
		}
		if (started.scheduledStartTime() != null && started.scheduledStartTime().isAfter(now)) {
			return false;
		}
		for (WorkerCapabilities c : this.pollers) {
			if (c.canRunWorkflow(started.appId(), started.name())) {
				return true;
			}
		}
		return false;
	}

	/** Holds a first turn, leased in a committed transaction, for this process's pollers. */
	void offer(WorkflowWorkItem item) {
		this.size.incrementAndGet();
		this.items.add(item);
	}

	/**
	 * Takes the oldest held first turn this poller can run, dropping those whose lease is about to
	 * run out (the database claim takes them when it has).
	 * @return the item, or null if none
	 */
	WorkflowWorkItem take(WorkerCapabilities capabilities, Instant now) {
		if (this.size.get() == 0) {
			return null;
		}
		Instant latest = now.plus(MARGIN);
		for (Iterator<WorkflowWorkItem> it = this.items.iterator(); it.hasNext();) {
			WorkflowWorkItem item = it.next();
			boolean stale = item.lockedUntil().isBefore(latest);
			ExecutionStarted started = (ExecutionStarted) item.newEvents().get(0);
			if ((stale || capabilities.canRunWorkflow(started.appId(), started.name())) && this.items.remove(item)) {
				this.size.decrementAndGet();
				if (!stale) {
					return item;
				}
			}
		}
		return null;
	}

	/** Whether first turns are held here. */
	boolean isEmpty() {
		return this.size.get() == 0;
	}

	/** Forgets every held item (the backend stops); their leases expire in the database. */
	void clear() {
		this.items.clear();
		this.size.set(0);
	}

}
