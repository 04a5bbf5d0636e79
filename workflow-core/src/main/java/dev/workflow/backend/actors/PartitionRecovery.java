package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.workflow.backend.BackendJson;

/**
 * What a process does when partitions arrive or go ({@link Placement.Listener}): it re-arms the
 * stored reminders of partitions it took and hands out the work their previous owner left, drops
 * the cached state of actors of partitions it gave up, and polls for reminders other processes
 * stored for the partitions it holds. Placement calls it on a thread of its own, never on the one
 * that renews leases, because recovering reads every pending actor of a partition.
 */
final class PartitionRecovery implements Placement.Listener {

	private final ActorRuntime runtime;

	private final ActorStateStore store;

	private final AppPartitions apps;

	private final Clock clock;

	private final Duration reminderPollInterval;

	PartitionRecovery(ActorRuntime runtime, ActorStateStore store, AppPartitions apps, Clock clock,
			Duration reminderPollInterval) {
		this.runtime = runtime;
		this.store = store;
		this.apps = apps;
		this.clock = clock;
		this.reminderPollInterval = reminderPollInterval;
	}

	/**
	 * Re-arms stored reminders and hands out work that a previous owner left.
	 * @param partitions the partitions to recover, or null for all
	 */
	@Override
	public void acquired(Set<Integer> partitions) {
		if (!this.runtime.isRunning()) {
			return;
		}
		this.runtime.schedule(this.store.loadReminders(partitions, null));
		if (partitions == null) {
			dispatchPending(this.store.scan(WorkflowActor.TYPE, WorkflowKeys.META, null));
		}
		else {
			// one scan per app range: what it finds is that range's, so later lookups need no store read
			Map<Integer, Set<Integer>> byRange = new TreeMap<>();
			partitions.forEach(p -> byRange.computeIfAbsent(AppPartitions.rangeOf(p), r -> new TreeSet<>()).add(p));
			byRange.values().forEach(range -> {
				Map<String, String> metas = this.store.scan(WorkflowActor.TYPE, WorkflowKeys.META, range);
				this.apps.knowFound(metas.keySet(), range.iterator().next());
				dispatchPending(metas);
			});
		}
		this.store.scan(ActivityActor.TYPE, "req", partitions)
			.keySet()
			.forEach(id -> this.runtime.activities().call(id, a -> {
				a.dispatch();
				return null;
			}));
	}

	private void dispatchPending(Map<String, String> metas) {
		metas.forEach((id, json) -> {
			WorkflowActor.Meta meta = BackendJson.read(json, WorkflowActor.Meta.class);
			if (!meta.instance().status().isTerminal() && meta.inboxTail() > meta.inboxHead()) {
				this.runtime.workflows().call(id, a -> {
					a.dispatchIfReady();
					return null;
				});
			}
		});
	}

	/** Drops the cached state and handed-out work of actors of partitions no longer held. */
	@Override
	public void lost(Set<Integer> partitions) {
		for (String id : this.runtime.workflows().ids()) {
			if (partitions.contains(this.runtime.partitionOf(id))) {
				this.runtime.workflows().call(id, a -> {
					a.reset();
					return null;
				});
			}
		}
		for (String id : this.runtime.activities().ids()) {
			if (partitions.contains(this.runtime.partitionOf(id))) {
				this.runtime.activities().call(id, a -> {
					a.reset();
					return null;
				});
			}
		}
	}

	@Override
	public void poll(Set<Integer> partitions) {
		this.runtime.schedule(
				this.store.loadReminders(partitions, this.clock.instant().plus(this.reminderPollInterval)));
	}

}
