package dev.workflow.backend.sql;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
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
 * Such a lease is short ({@link #lease()}), so if this process dies before it ran the first turn,
 * another process (or this one restarted) takes the instance over soon, as it would any expired
 * lease. An item whose lease is about to run out is dropped here, not handed out: the database
 * claim takes it once the lease has expired. A start is leased this way only while few are held
 * here: fewer than the pollers of this process that can run it and wait for work, plus
 * {@link #PREFETCH_PER_POLLER} per such poller (however busy). Starts beyond that, a backlog that
 * this process's workers would take a while to work off, are left in the database for whichever
 * process is free first, so replicas sharing a database share the work.
 */
final class LocalStarts {

	/** The most first turns held here at once. */
	static final int MAX_ITEMS = 256;

	/** How many first turns may be held here for each poller of this process that could run them. */
	static final int PREFETCH_PER_POLLER = 4;

	/** The longest lease a first turn held here gets. */
	static final Duration MAX_LEASE = Duration.ofSeconds(10);

	/** The lease of a first turn held here. */
	private final Duration lease;

	/** An item handed out must leave its worker at least this long before the lease runs out. */
	private final Duration margin;

	private final ConcurrentLinkedQueue<WorkflowWorkItem> items = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	/**
	 * How many pollers of this process wait for work, by what they can run: several kinds when
	 * several workers share a backend.
	 */
	private final Map<WorkerCapabilities, Pollers> idle = new ConcurrentHashMap<>();

	/** The pollers of one kind: how many wait now, and the most that ever waited at once (how many there are). */
	private static final class Pollers {

		final AtomicInteger waiting = new AtomicInteger();

		final AtomicInteger known = new AtomicInteger();

	}

	/** @param lockTimeout the backend's workflow lease; a first turn held here gets at most {@link #MAX_LEASE} */
	LocalStarts(Duration lockTimeout) {
		this.lease = lockTimeout.compareTo(MAX_LEASE) < 0 ? lockTimeout : MAX_LEASE;
		this.margin = this.lease.dividedBy(4);
	}

	/** The lease of a first turn held here. */
	Duration lease() {
		return this.lease;
	}

	/** A poller of this process starts waiting for work. */
	void idle(WorkerCapabilities capabilities) {
		Pollers p = this.idle.computeIfAbsent(capabilities, c -> new Pollers());
		int now = p.waiting.incrementAndGet();
		if (now > p.known.get()) {
			p.known.accumulateAndGet(now, Math::max);
		}
	}

	/** A poller of this process stops waiting (it took work, or gave up until its next call). */
	void busy(WorkerCapabilities capabilities) {
		Pollers p = this.idle.get(capabilities);
		if (p != null) {
			p.waiting.decrementAndGet();
		}
	}

	/**
	 * Whether the first turn of a new instance should be leased to this process: due now, and fewer
	 * items held here than the waiting pollers that can run it plus a few for each such poller.
	 */
	boolean wanted(ExecutionStarted started, Instant now) {
		int held = this.size.get();
		if (held >= MAX_ITEMS) {
			return false;
		}
		if (started.scheduledStartTime() != null && started.scheduledStartTime().isAfter(now)) {
			return false;
		}
		int room = 0;
		for (Map.Entry<WorkerCapabilities, Pollers> e : this.idle.entrySet()) {
			if (e.getKey().canRunWorkflow(started.appId(), started.name())) {
				room += e.getValue().waiting.get() + PREFETCH_PER_POLLER * e.getValue().known.get();
			}
		}
		return held < room;
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
		Instant latest = now.plus(this.margin);
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
