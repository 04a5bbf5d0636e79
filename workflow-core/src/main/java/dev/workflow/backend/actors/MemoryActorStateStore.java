package dev.workflow.backend.actors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ActorStateStore} in process memory: fast, and gone when the process ends. Values are
 * kept as the same JSON text a durable store would write, so the backend behaves the same on both.
 * Each actor's keys are updated in place under the actor's lock, so a save costs what it changes,
 * not the size of the actor's state.
 */
public final class MemoryActorStateStore implements ActorStateStore {

	private static final class Entry {

		final Map<String, String> values = new HashMap<>();

		long version;

		boolean removed;

	}

	private final Map<String, Entry> actors = new ConcurrentHashMap<>();

	private final Map<String, Reminder> reminders = new ConcurrentHashMap<>();

	private static String key(String type, String id) {
		return type + '\u0000' + id;
	}

	@Override
	public ActorState load(String actorType, String actorId) {
		Entry e = this.actors.get(key(actorType, actorId));
		if (e == null) {
			return new ActorState(Map.of(), null);
		}
		synchronized (e) {
			return e.removed ? new ActorState(Map.of(), null)
					: new ActorState(Map.copyOf(e.values), Long.toString(e.version));
		}
	}

	@Override
	public String description() {
		return "memory, kept in this process only";
	}

	@Override
	public String get(String actorType, String actorId, String key) {
		Entry e = this.actors.get(key(actorType, actorId));
		if (e == null) {
			return null;
		}
		synchronized (e) {
			return e.values.get(key);
		}
	}

	@Override
	public Map<String, String> get(String actorType, String actorId, Collection<String> keys) {
		Entry e = this.actors.get(key(actorType, actorId));
		Map<String, String> out = new HashMap<>();
		if (e != null) {
			synchronized (e) {
				for (String k : keys) {
					String v = e.values.get(k);
					if (v != null) {
						out.put(k, v);
					}
				}
			}
		}
		return out;
	}

	@Override
	public String save(String actorType, String actorId, String expectedEtag, Changes changes) {
		String k = key(actorType, actorId);
		while (true) {
			Entry e = this.actors.computeIfAbsent(k, x -> new Entry());
			synchronized (e) {
				if (e.removed) {
					continue; // lost a race with a removal: take the fresh entry
				}
				String etag = e.version == 0 ? null : Long.toString(e.version);
				if (!Objects.equals(etag, expectedEtag)) {
					throw new EtagMismatchException("Actor " + actorType + "/" + actorId + " changed: expected etag "
							+ expectedEtag + ", found " + etag);
				}
				if (changes.deleteAll()) {
					e.values.clear();
				}
				changes.deletes().forEach(e.values::remove);
				e.values.putAll(changes.upserts());
				e.version++;
				changes.reminders().forEach(r -> this.reminders.put(r.id(), r));
				changes.consumedReminders().forEach(this.reminders::remove);
				if (e.values.isEmpty()) {
					e.removed = true;
					this.actors.remove(k, e);
					return null;
				}
				return Long.toString(e.version);
			}
		}
	}

	/** Partitions do not matter to a store only one process uses; all actors are returned. */
	@Override
	public Map<String, String> scan(String actorType, String key, Collection<Integer> partitions) {
		Map<String, String> out = new HashMap<>();
		String prefix = actorType + '\u0000';
		this.actors.forEach((k, e) -> {
			if (k.startsWith(prefix)) {
				String v;
				synchronized (e) {
					v = e.values.get(key);
				}
				if (v != null) {
					out.put(k.substring(prefix.length()), v);
				}
			}
		});
		return out;
	}

	@Override
	public List<Reminder> loadReminders(Collection<Integer> partitions, Instant dueBefore) {
		List<Reminder> out = new ArrayList<>();
		for (Reminder r : this.reminders.values()) {
			if ((partitions == null || partitions.contains(r.partition()))
					&& (dueBefore == null || r.dueTime().isBefore(dueBefore))) {
				out.add(r);
			}
		}
		out.sort(Comparator.comparing(Reminder::dueTime));
		return out;
	}

	@Override
	public List<Reminder> remindersOf(String actorType, String actorId) {
		List<Reminder> out = new ArrayList<>();
		for (Reminder r : this.reminders.values()) {
			if (r.actorType().equals(actorType) && r.actorId().equals(actorId)) {
				out.add(r);
			}
		}
		out.sort(Comparator.comparing(Reminder::dueTime).thenComparing(Reminder::id));
		return out;
	}

	@Override
	public void addReminders(List<Reminder> reminders) {
		reminders.forEach(r -> this.reminders.put(r.id(), r));
	}

	@Override
	public void deleteReminder(String reminderId) {
		this.reminders.remove(reminderId);
	}

	@Override
	public boolean isDurable() {
		return false;
	}

}
