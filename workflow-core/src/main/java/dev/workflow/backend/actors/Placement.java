package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>
 * Apps have partition ranges of their own ({@link AppPartitions}). Every member leases its share
 * of the partitions of work without an app id; a member also hosts the range of each app whose
 * worker polls it ({@link #host}), with a heartbeat per range, so that each range's share is
 * computed among the members that host it and no member runs another app's actors.
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

	/** A lease this member holds: its epoch, and until when (epoch millis) the local view trusts it. */
	private record Lease(long epoch, long validUntil) {
	}

	/** The range of the partitions of work without an app id. */
	private static final int NO_APP = -1;

	private final PartitionTable table;

	private final String member = UUID.randomUUID().toString();

	private final Duration leaseTimeout;

	private final Duration pollInterval;

	private final Clock clock;

	private final int count;

	/** Leases held, by partition. */
	private final Map<Integer, Lease> leases = new ConcurrentHashMap<>();

	/** The app ranges ({@link AppPartitions#range}) this member hosts, besides work without an app id. */
	private final Set<Integer> ranges = new ConcurrentSkipListSet<>();

	/** The app ranges whose partition rows exist in the table. */
	private final Set<Integer> initialized = new HashSet<>();

	private Listener listener;

	private ScheduledExecutorService timer;

	/**
	 * Runs the listener off the lease thread: recovering reads every pending actor of a partition,
	 * on a busy machine for longer than a lease lives, and renewals waiting for it lost them in a loop.
	 */
	private ScheduledExecutorService events;

	private Placement(PartitionTable table, int count, Duration leaseTimeout, Duration pollInterval, Clock clock) {
		this.table = table;
		this.count = count;
		this.leaseTimeout = leaseTimeout;
		this.pollInterval = pollInterval;
		this.clock = clock;
	}

	/** Every partition local, no leases: for a store only this process uses. */
	static Placement local(int count) {
		return new Placement(null, count, Duration.ZERO, Duration.ZERO, Clock.systemUTC());
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
	 * The partition of an actor, within its range: by its workflow instance id, the part before
	 * the first '|'. The id's {@code String.hashCode} (the same in every JVM) is mixed first,
	 * because ids that differ only in their last characters ("order-1", "order-2") have hash codes
	 * that crowd a few partitions otherwise.
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

	/**
	 * Hosts the actors of an app from now on (a worker of the app polls this backend): its range is
	 * leased from the next round on, which starts at once.
	 * @param appId the app id; null (work without an app id, always hosted) is ignored
	 */
	void host(String appId) {
		if (this.table == null || appId == null || !this.ranges.add(AppPartitions.range(appId))) {
			return;
		}
		log.info("Actor placement: member {} hosts the actors of app '{}' (partitions {} to {})", this.member, appId,
				AppPartitions.base(appId), AppPartitions.base(appId) + this.count - 1);
		ScheduledExecutorService t = this.timer;
		if (t != null) {
			try {
				t.execute(this::safeTick);
			}
			catch (RejectedExecutionException stopping) {
				// stopped meanwhile: nothing to take
			}
		}
	}

	boolean owns(int partition) {
		if (this.table == null) {
			return true;
		}
		Lease lease = this.leases.get(partition);
		return lease != null && this.clock.millis() < lease.validUntil();
	}

	/**
	 * The fence for a save of an actor of this partition.
	 * @throws PartitionLostException if this process does not hold the partition
	 */
	ActorStateStore.Fence fence(int partition) {
		if (this.table == null) {
			return ActorStateStore.Fence.unfenced(partition);
		}
		Lease lease = this.leases.get(partition);
		if (lease == null || this.clock.millis() >= lease.validUntil()) {
			throw new PartitionLostException("This process no longer holds actor partition " + partition
					+ "; the partition's current owner carries on from the stored state");
		}
		return new ActorStateStore.Fence(partition, this.member, lease.epoch());
	}

	/** Partitions held now. */
	Set<Integer> held() {
		Set<Integer> out = new TreeSet<>();
		if (this.table == null) {
			for (int p = 0; p < this.count; p++) {
				out.add(p);
			}
			return out;
		}
		this.leases.keySet().forEach(p -> {
			if (owns(p)) {
				out.add(p);
			}
		});
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
		this.timer = Executors.newSingleThreadScheduledExecutor(ActorRuntime.daemon("workflow-actor-placement-"));
		this.events = Executors.newSingleThreadScheduledExecutor(ActorRuntime.daemon("workflow-actor-partitions-"));
		tick();
		if (held().size() < this.count) {
			log.info("Actor placement: member {} holds {} of {} partitions; the others belong to live members or "
					+ "wait for their leases to expire (at most {})", this.member, held().size(), this.count,
					this.leaseTimeout);
		}
		long every = Math.max(50, this.leaseTimeout.toMillis() / 3);
		// at a fixed rate: a slow round is followed at once by the next, not a whole period later
		this.timer.scheduleAtFixedRate(this::safeTick, every, every, TimeUnit.MILLISECONDS);
		long poll = Math.max(10, this.pollInterval.toMillis());
		this.events.scheduleWithFixedDelay(this::safePoll, poll, poll, TimeUnit.MILLISECONDS);
	}

	/** Tells the listener in order, on {@link #events}; saves are fenced, so a partition lost meanwhile is harmless. */
	private void notifyListener(Runnable call) {
		try {
			this.events.execute(() -> safely(call, "recovering or dropping partitions failed; polling carries on"));
		}
		catch (RejectedExecutionException stopping) {
			// stopping: nothing to recover or drop any more
		}
	}

	private void safeTick() {
		safely(this::tick, "renewing partition leases failed (retrying; partitions whose lease runs out stop "
				+ "running here)");
	}

	private void safePoll() {
		safely(() -> {
			Set<Integer> held = held();
			if (!held.isEmpty()) {
				this.listener.poll(held);
			}
		}, "polling reminders failed (retrying)");
	}

	private static void safely(Runnable work, String failure) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			log.warn("Actor placement: {}: {}", failure, ex.toString());
		}
	}

	/** The heartbeat id of this member for an app range: its member id and the range. */
	private String memberOf(int range) {
		return range == NO_APP ? this.member : this.member + '@' + Integer.toHexString(range);
	}

	/** Whether a heartbeat id is that of a member hosting a range: "member" or "member@range". */
	private static boolean hosts(String memberId, int range) {
		int at = memberId.indexOf('@');
		if (range == NO_APP) {
			return at < 0;
		}
		return at >= 0 && memberId.substring(at + 1).equals(Integer.toHexString(range));
	}

	private int first(int range) {
		return range == NO_APP ? 0 : AppPartitions.baseOfRange(range);
	}

	/**
	 * One round: heartbeat (once per hosted range, so each range's fair share counts only the
	 * members that host it), renew, hand back the excess, take the share of each range.
	 */
	synchronized void tick() {
		long start = this.clock.millis();
		Instant now = Instant.ofEpochMilli(start);
		Instant expires = Instant.ofEpochMilli(start + this.leaseTimeout.toMillis());
		// trust a lease a little less long than the store does, for clock skew between replicas
		long trusted = start + this.leaseTimeout.toMillis() * 9 / 10;
		Set<Integer> lost = new TreeSet<>();
		Map<Integer, Long> renewing = new HashMap<>();
		this.leases.forEach((p, lease) -> {
			if (start >= lease.validUntil()) {
				lost.add(p); // lapsed before we could renew: someone may have it; start over
			}
			else {
				renewing.put(p, lease.epoch());
			}
		});
		if (!renewing.isEmpty()) {
			List<Integer> kept = this.table.renew(this.member, renewing, expires);
			renewing.forEach((p, epoch) -> {
				if (kept.contains(p)) {
					this.leases.put(p, new Lease(epoch, trusted));
				}
				else {
					lost.add(p);
				}
			});
		}
		for (Integer p : lost) {
			release(p);
		}
		// heartbeats after the renewal: on a busy machine any round trip before it eats into the leases
		List<Integer> hosted = new ArrayList<>();
		hosted.add(NO_APP);
		hosted.addAll(this.ranges);
		for (int range : hosted) {
			if (range != NO_APP && !this.initialized.contains(range)) {
				this.table.initializeRange(first(range), this.count);
				this.initialized.add(range);
			}
			this.table.heartbeat(memberOf(range), now, expires);
		}
		List<String> live = this.table.liveMemberIds(now);
		Map<Integer, Integer> shares = new HashMap<>();
		for (int range : hosted) {
			long members = live.stream().filter(m -> hosts(m, range)).count();
			int share = (int) ((this.count + Math.max(1, members) - 1) / Math.max(1, members));
			shares.put(range, share);
			List<Integer> mine = new ArrayList<>(new TreeSet<>(inRange(this.leases.keySet(), range)));
			for (int i = mine.size() - 1; i >= share; i--) {
				lost.add(mine.get(i));
				release(mine.get(i));
			}
		}
		if (!lost.isEmpty()) {
			log.info("Actor placement: member {} gave up partitions {}", this.member, lost);
			notifyListener(() -> this.listener.lost(lost));
		}
		Set<Integer> gained = new TreeSet<>();
		List<Integer> available = null;
		for (int range : hosted) {
			int have = inRange(this.leases.keySet(), range).size();
			int share = shares.get(range);
			if (have >= share) {
				continue;
			}
			if (available == null) {
				available = this.table.available(now);
			}
			List<Integer> free = new ArrayList<>(inRange(available, range));
			Collections.shuffle(free); // replicas starting together rarely race for the same rows
			for (Integer p : free) {
				if (have >= share) {
					break;
				}
				if (this.leases.containsKey(p)) {
					continue;
				}
				// each lease from its own acquire: taking many one by one can outlast a lease
				long at = this.clock.millis();
				OptionalLong epoch = this.table.acquire(p, this.member, Instant.ofEpochMilli(at),
						Instant.ofEpochMilli(at + this.leaseTimeout.toMillis()));
				if (epoch.isPresent()) {
					this.leases.put(p, new Lease(epoch.getAsLong(), at + this.leaseTimeout.toMillis() * 9 / 10));
					gained.add(p);
					have++;
				}
			}
		}
		if (!gained.isEmpty()) {
			log.info("Actor placement: member {} took partitions {} (shares per range {})", this.member, gained,
					shares);
			notifyListener(() -> this.listener.acquired(gained));
		}
	}

	private List<Integer> inRange(Collection<Integer> partitions, int range) {
		int from = first(range);
		List<Integer> out = new ArrayList<>();
		for (Integer p : partitions) {
			if (p >= from && p < from + this.count) {
				out.add(p);
			}
		}
		return out;
	}

	private void release(int partition) {
		Lease lease = this.leases.remove(partition);
		if (lease != null) {
			this.table.release(partition, this.member, lease.epoch());
		}
	}

	@Override
	public void close() {
		ScheduledExecutorService t = this.timer;
		if (t == null) {
			return;
		}
		for (ScheduledExecutorService e : List.of(t, this.events)) {
			e.shutdownNow();
			try {
				e.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		releaseAll();
	}

	private synchronized void releaseAll() {
		if (this.timer == null) {
			return;
		}
		try {
			for (Integer p : new ArrayList<>(this.leases.keySet())) {
				release(p);
			}
			this.table.leave(this.member);
			for (int range : this.ranges) {
				this.table.leave(memberOf(range));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Actor placement: handing back partitions on stop failed; they move after their leases expire: {}",
					ex.toString());
		}
		this.timer = null;
	}

}
