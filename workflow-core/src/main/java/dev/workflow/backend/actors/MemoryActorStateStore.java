package dev.workflow.backend.actors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ActorStateStore} in process memory: fast, and gone when the process ends. Values are
 * kept as the same JSON text a durable store would write, so the backend behaves the same on both.
 */
public final class MemoryActorStateStore implements ActorStateStore {

	private record Entry(Map<String, String> values, long version) {
	}

	private final Map<String, Entry> actors = new ConcurrentHashMap<>();

	private final Map<String, Reminder> reminders = new ConcurrentHashMap<>();

	private static String key(String type, String id) {
		return type + '\u0000' + id;
	}

	@Override
	public ActorState load(String actorType, String actorId) {
		Entry e = this.actors.get(key(actorType, actorId));
		return e == null ? new ActorState(Map.of(), null) : new ActorState(Map.copyOf(e.values()), Long.toString(e.version()));
	}

	@Override
	public String get(String actorType, String actorId, String key) {
		Entry e = this.actors.get(key(actorType, actorId));
		return e == null ? null : e.values().get(key);
	}

	@Override
	public String save(String actorType, String actorId, String expectedEtag, Changes changes) {
		String k = key(actorType, actorId);
		Entry updated = this.actors.compute(k, (key, current) -> {
			String etag = current == null ? null : Long.toString(current.version());
			if (!Objects.equals(etag, expectedEtag)) {
				throw new EtagMismatchException("Actor " + actorType + "/" + actorId + " changed: expected etag "
						+ expectedEtag + ", found " + etag);
			}
			Map<String, String> values = (current == null || changes.deleteAll()) ? new HashMap<>()
					: new HashMap<>(current.values());
			changes.deletes().forEach(values::remove);
			values.putAll(changes.upserts());
			long version = current == null ? 1 : current.version() + 1;
			return new Entry(values, version);
		});
		changes.reminders().forEach(r -> this.reminders.put(r.id(), r));
		if (updated.values().isEmpty()) {
			this.actors.remove(k, updated);
			return null;
		}
		return Long.toString(updated.version());
	}

	@Override
	public Map<String, String> scan(String actorType, String key) {
		Map<String, String> out = new HashMap<>();
		String prefix = actorType + '\u0000';
		this.actors.forEach((k, e) -> {
			if (k.startsWith(prefix)) {
				String v = e.values().get(key);
				if (v != null) {
					out.put(k.substring(prefix.length()), v);
				}
			}
		});
		return out;
	}

	@Override
	public List<Reminder> loadReminders() {
		return new ArrayList<>(this.reminders.values());
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
