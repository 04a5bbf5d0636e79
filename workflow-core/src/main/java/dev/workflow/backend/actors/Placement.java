package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which actors this process may run. Actors are spread over a fixed number of partitions by the
 * hash of their workflow instance id (an instance's activity actors share its partition). With a
 * store private to the process every partition is local. With a shared store the process is a
 * member that leases partitions in the store's {@link PartitionTable}: it heartbeats, renews what
 * it holds, takes free or expired partitions up to its fair share ({@code ceil(partitions /
 * live members)}) and hands back what exceeds it, so partitions spread over replicas and move
 * away from a dead one once its leases expire. Every save is fenced on the partition's lease
 * ({@link #fence}), so an actor never commits from two places.
 */
final class Placement implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Placement.class);

	/** What the backend does when partitions arrive or go. */
	interface Listener {

		/** Partitions now held: recover their reminders and pending actors. */
		void acquired(Set<Integer> partitions);

		/** Partitions no longer held: drop their actors' cached state and work. */
		void lost(Set<Integer> partitions);

		/** Periodic check for reminders other processes stored for held partitions. */
		void poll(Set<Integer> partitions);

	}

	private final PartitionTable table;

	private final String member = UUID.randomUUID().toString();

	private final Duration leaseTimeout;

	private final Duration pollInterval;

	private final Clock clock;

	private final int count;

	/** Epoch held per partition; 0 when not held. */
	private final long[] epochs;

	/** Until when (epoch millis) the local view trusts each held lease. */
	private final long[] validUntil;

	private Listener listener;

	private ScheduledExecutorService timer;

	private Placement(PartitionTable table, int count, Duration leaseTimeout, Duration pollInterval, Clock clock) {
		this.table = table;
		this.count = count;
		this.leaseTimeout = leaseTimeout;
		this.pollInterval = pollInterval;
		this.clock = clock;
		this.epochs = new long[count];
		this.validUntil = new long[count];
	}

	/** Every partition local, no leases: for a store only this process uses. */
	static Placement local(int count) {
		Placement p = new Placement(null, count, Duration.ZERO, Duration.ZERO, Clock.systemUTC());
		java.util.Arrays.fill(p.epochs, 1);
		java.util.Arrays.fill(p.validUntil, Long.MAX_VALUE);
		return p;
	}

	/** Leased partitions in a shared store; the stored partition count wins over {@code desiredCount}. */
	static Placement leased(PartitionTable table, int desiredCount, Duration leaseTimeout, Duration pollInterval,
			Clock clock) {
		int count = table.initialize(desiredCount);
		if (count != desiredCount) {
			log.warn("The actor state store was set up with {} partitions; using those instead of the configured {} "
					+ "(the count cannot change once actors are stored)", count, desiredCount);
		}
		return new Placement(table, count, leaseTimeout, pollInterval, clock);
	}

	/**
	 * The partition of an actor: by its workflow instance id, the part before the first '|'. The
	 * id's {@code String.hashCode} (the same in every JVM) is mixed first, because ids that differ
	 * only in their last characters ("order-1", "order-2") have hash codes that crowd a few
	 * partitions otherwise.
	 */
	static int partitionOf(String actorId, int count) {
		int bar = actorId.indexOf('|');
		String instanceId = bar < 0 ? actorId : actorId.substring(0, bar);
		int h = instanceId.hashCode();
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return Math.floorMod(h, count);
	}

	int partitionOf(String actorId) {
		return partitionOf(actorId, this.count);
	}

	int count() {
		return this.count;
	}

	boolean isLocal() {
		return this.table == null;
	}

	String member() {
		return this.member;
	}

	boolean owns(int partition) {
		if (this.table == null) {
			return true;
		}
		return this.epochs[partition] != 0 && this.clock.millis() < this.validUntil[partition];
	}

	/**
	 * The fence for a save of an actor of this partition.
	 * @throws PartitionLostException if this process does not hold the partition
	 */
	ActorStateStore.Fence fence(int partition) {
		if (this.table == null) {
			return ActorStateStore.Fence.unfenced(partition);
		}
		long epoch = this.epochs[partition];
		if (epoch == 0 || this.clock.millis() >= this.validUntil[partition]) {
			throw new PartitionLostException("This process no longer holds actor partition " + partition
					+ "; the partition's current owner carries on from the stored state");
		}
		return new ActorStateStore.Fence(partition, this.member, epoch);
	}

	/** Partitions held now. */
	Set<Integer> held() {
		Set<Integer> out = new TreeSet<>();
		for (int p = 0; p < this.count; p++) {
			if (owns(p)) {
				out.add(p);
			}
		}
		return out;
	}

	/**
	 * Starts: for a shared store, takes this member's share at once and then keeps leases on a timer.
	 * @param listener told about partitions that arrive and go
	 */
	void start(Listener listener) {
		this.listener = listener;
		if (this.table == null) {
			listener.acquired(null);
			return;
		}
		this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "workflow-actor-placement");
			t.setDaemon(true);
			return t;
		});
		tick();
		if (held().size() < this.count) {
			log.info("Actor placement: member {} holds {} of {} partitions; the others belong to live members or "
					+ "wait for their leases to expire (at most {})", this.member, held().size(), this.count,
					this.leaseTimeout);
		}
		long every = Math.max(50, this.leaseTimeout.toMillis() / 3);
		this.timer.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.MILLISECONDS);
		long poll = Math.max(10, this.pollInterval.toMillis());
		this.timer.scheduleWithFixedDelay(this::safePoll, poll, poll, TimeUnit.MILLISECONDS);
	}

	private void safeTick() {
		try {
			tick();
		}
		catch (RuntimeException ex) {
			log.warn("Actor placement: renewing partition leases failed (retrying; partitions whose lease runs out "
					+ "stop running here): {}", ex.toString());
		}
	}

	private void safePoll() {
		try {
			Set<Integer> held = held();
			if (!held.isEmpty()) {
				this.listener.poll(held);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Actor placement: polling reminders failed (retrying): {}", ex.toString());
		}
	}

	/** One round: heartbeat, renew, hand back the excess, take the share. */
	synchronized void tick() {
		long start = this.clock.millis();
		Instant expires = Instant.ofEpochMilli(start + this.leaseTimeout.toMillis());
		// trust a lease a little less long than the store does, for clock skew between replicas
		long trusted = start + this.leaseTimeout.toMillis() * 9 / 10;
		this.table.heartbeat(this.member, Instant.ofEpochMilli(start), expires);
		Set<Integer> lost = new TreeSet<>();
		Map<Integer, Long> held = new HashMap<>();
		for (int p = 0; p < this.count; p++) {
			if (this.epochs[p] != 0) {
				if (start >= this.validUntil[p]) {
					lost.add(p); // lapsed before we could renew: someone may have it; start over
				}
				else {
					held.put(p, this.epochs[p]);
				}
			}
		}
		if (!held.isEmpty()) {
			List<Integer> kept = this.table.renew(this.member, held, expires);
			for (Integer p : held.keySet()) {
				if (kept.contains(p)) {
					this.validUntil[p] = trusted;
				}
				else {
					lost.add(p);
				}
			}
		}
		for (Integer p : lost) {
			long epoch = this.epochs[p];
			this.epochs[p] = 0;
			this.table.release(p, this.member, epoch);
		}
		int members = Math.max(1, this.table.liveMembers(Instant.ofEpochMilli(start)));
		int share = (this.count + members - 1) / members;
		List<Integer> mine = new ArrayList<>();
		for (int p = 0; p < this.count; p++) {
			if (this.epochs[p] != 0) {
				mine.add(p);
			}
		}
		Set<Integer> handedBack = new TreeSet<>();
		for (int i = mine.size() - 1; i >= share; i--) {
			handedBack.add(mine.get(i));
		}
		for (Integer p : handedBack) {
			long epoch = this.epochs[p];
			this.epochs[p] = 0;
			lost.add(p);
			this.table.release(p, this.member, epoch);
		}
		if (!lost.isEmpty()) {
			log.info("Actor placement: member {} gave up partitions {}", this.member, lost);
			this.listener.lost(lost);
		}
		Set<Integer> gained = new TreeSet<>();
		int have = mine.size() - handedBack.size();
		if (have < share) {
			List<Integer> free = new ArrayList<>(this.table.available(Instant.ofEpochMilli(start)));
			Collections.shuffle(free); // replicas starting together rarely race for the same rows
			for (Integer p : free) {
				if (have >= share) {
					break;
				}
				if (this.epochs[p] != 0) {
					continue;
				}
				OptionalLong epoch = this.table.acquire(p, this.member, Instant.ofEpochMilli(start), expires);
				if (epoch.isPresent()) {
					this.validUntil[p] = trusted;
					this.epochs[p] = epoch.getAsLong();
					gained.add(p);
					have++;
				}
			}
		}
		if (!gained.isEmpty()) {
			log.info("Actor placement: member {} took partitions {} ({} live members, share {})", this.member, gained,
					members, share);
			this.listener.acquired(gained);
		}
	}

	@Override
	public void close() {
		ScheduledExecutorService t = this.timer;
		if (t == null) {
			return;
		}
		t.shutdownNow();
		try {
			t.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		releaseAll();
	}

	private synchronized void releaseAll() {
		if (this.timer == null) {
			return;
		}
		try {
			for (int p = 0; p < this.count; p++) {
				long epoch = this.epochs[p];
				if (epoch != 0) {
					this.epochs[p] = 0;
					this.table.release(p, this.member, epoch);
				}
			}
			this.table.leave(this.member);
		}
		catch (RuntimeException ex) {
			log.warn("Actor placement: handing back partitions on stop failed; they move after their leases expire: {}",
					ex.toString());
		}
		this.timer = null;
	}

}
