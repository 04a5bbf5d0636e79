package dev.workflow.backend.actors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	private static final int CACHE_SIZE = 100_000;

	private final ActorStateStore store;

	/** Instance id to app id ("" for none), most recently used last. */
	private final Map<String, String> apps = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
			return size() > CACHE_SIZE;
		}
	});

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

	/** Records the app of an instance about to be created, so its first save is fenced on its range. */
	void know(String instanceId, String appId) {
		this.apps.put(instanceId, appId == null ? "" : appId);
	}

	/** Forgets what is cached of an instance (a create that did not happen, a purge): read again next time. */
	void forget(String instanceId) {
		this.apps.remove(instanceId);
	}

	/**
	 * The app of an actor: named in an activity actor's id, stored with a workflow instance.
	 * @return the app id, or null for work without one (and for an instance not stored yet)
	 */
	String appOf(String actorId) {
		int bar = actorId.indexOf('|');
		if (bar >= 0) {
			return ActivityActor.appOf(actorId);
		}
		String known = this.apps.get(actorId);
		if (known != null) {
			return known.isEmpty() ? null : known;
		}
		Map<String, String> stored = this.store.get(WorkflowActor.TYPE, actorId,
				List.of(WorkflowKeys.META, WorkflowKeys.APP));
		if (!stored.containsKey(WorkflowKeys.META)) {
			return null; // not stored (yet): not cached, as its creator may be about to store it
		}
		String app = stored.get(WorkflowKeys.APP);
		know(actorId, app);
		return app;
	}

}
