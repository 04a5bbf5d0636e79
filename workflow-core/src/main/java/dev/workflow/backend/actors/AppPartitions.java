package dev.workflow.backend.actors;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which partitions hold the actors of which app, as Dapr keeps workflow actor types per app. Work
 * without an app id lives in partitions {@code 0} to {@code count - 1}, exactly as before apps
 * existed. Each app has a range of its own above {@link #APP_BASE}, chosen by the hash of its id,
 * so that on a shared store a replica of an app leases (and so runs the actors of) only its own
 * app's range besides the range of work without an app: a call to another app waits in the store
 * for a replica of that app instead of being queued in one that cannot run it.
 * <p>
 * An actor's partition follows from its id and its app. An activity actor's id names its app;
 * a workflow actor's app is stored with the instance (key {@link WorkflowKeys#APP}) and cached
 * here, since an instance keeps its app for its whole life.
 */
final class AppPartitions {

	/** Where app ranges start; partitions below are those of work without an app id. */
	static final int APP_BASE = PartitionTable.APP_RANGES_START;

	/** The widest range (the largest partition count a backend accepts). */
	static final int MAX_COUNT = 4096;

	/**
	 * How many app ranges there are. Two apps whose ids hash to the same range share it (their
	 * replicas host each other's actors, as without app-aware placement); with this many ranges
	 * that is rare.
	 */
	static final int RANGES = 1 << 18;

	/** How many instances the cache holds before it starts over (it refills from the store on demand). */
	private static final int CACHE_SIZE = 200_000;

	private final ActorStateStore store;

	/**
	 * Instance id to the first partition of its app's range (0 for none). A concurrent map, not an
	 * LRU list: every placement lookup reads it, and a lock there serialises all actor threads.
	 */
	private final Map<String, Integer> bases = new ConcurrentHashMap<>();

	AppPartitions(ActorStateStore store) {
		this.store = store;
	}

	/** The range of an app, in {@code [0, RANGES)}; by a hash that is the same in every JVM. */
	static int range(String appId) {
		int h = appId.hashCode();
		h ^= h >>> 16;
		h *= 0x7feb352d;
		h ^= h >>> 15;
		return Math.floorMod(h, RANGES);
	}

	/** The first partition of an app's range, or 0 for work without an app id. */
	static int base(String appId) {
		return appId == null ? 0 : APP_BASE + range(appId) * MAX_COUNT;
	}

	/** The first partition of a range. */
	static int baseOfRange(int range) {
		return APP_BASE + range * MAX_COUNT;
	}

	/** The range a partition belongs to, or -1 for the partitions of work without an app id. */
	static int rangeOf(int partition) {
		return partition < APP_BASE ? -1 : (partition - APP_BASE) / MAX_COUNT;
	}

	/**
	 * Records the app of an instance about to be created, so its first save is fenced on its range.
	 * @return what was cached before, to {@link #restore} if the create does not happen
	 */
	Integer know(String instanceId, String appId) {
		return put(instanceId, base(appId));
	}

	/** Puts back what {@link #know} replaced: a create that did not happen leaves an instance's app as it was. */
	void restore(String instanceId, Integer previous) {
		if (previous == null) {
			this.bases.remove(instanceId);
		}
		else {
			this.bases.put(instanceId, previous);
		}
	}

	/**
	 * Records the range of instances found in the partitions of one range, as recovery scans them:
	 * their placement lookups then need no store read.
	 */
	void knowFound(Collection<String> instanceIds, int partition) {
		int base = partition < APP_BASE ? 0 : baseOfRange(rangeOf(partition));
		instanceIds.forEach(id -> put(id, base));
	}

	private Integer put(String instanceId, int base) {
		if (this.bases.size() >= CACHE_SIZE) {
			this.bases.clear(); // rare; what is still used is read again once
		}
		return this.bases.put(instanceId, base);
	}

	/** Forgets what is cached of an instance (a purge): read again next time. */
	void forget(String instanceId) {
		this.bases.remove(instanceId);
	}

	/**
	 * The first partition of an actor's app range: named in an activity actor's id, stored with a
	 * workflow instance (read once, then cached).
	 * @return the first partition, 0 for work without an app id (and for an instance not stored yet)
	 */
	int baseOf(String actorId) {
		if (actorId.indexOf('|') >= 0) {
			return base(ActivityActor.appOf(actorId));
		}
		Integer known = this.bases.get(actorId);
		if (known != null) {
			return known;
		}
		Map<String, String> stored = this.store.get(WorkflowActor.TYPE, actorId,
				List.of(WorkflowKeys.META, WorkflowKeys.APP));
		if (!stored.containsKey(WorkflowKeys.META)) {
			return 0; // not stored (yet): not cached, as its creator may be about to store it
		}
		int base = base(stored.get(WorkflowKeys.APP));
		put(actorId, base);
		return base;
	}

}
