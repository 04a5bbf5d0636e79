package dev.workflow.backend.actors;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the actors backend keeps actor state and reminders. Each actor's state is a small map of
 * keys to JSON text with an etag; a turn's writes (state changes and new reminders) are applied
 * in one atomic {@link #save} guarded by the etag, so two owners can never both commit. Actors and
 * reminders belong to a partition; a store that several processes share also offers a
 * {@link PartitionTable} through which they lease partitions, and fences each save on that lease.
 */
public interface ActorStateStore extends AutoCloseable {

	/**
	 * An actor's state as loaded.
	 * @param values the keys and their JSON values
	 * @param etag the version, or null if the actor has no state
	 */
	record ActorState(Map<String, String> values, String etag) {
	}

	/**
	 * A durable reminder: a message delivered to an actor at a due time, kept until delivery succeeded.
	 * @param id the reminder's unique id
	 * @param actorType the owning actor's type
	 * @param actorId the owning actor's id
	 * @param dueTime when it is due
	 * @param payload the message, as JSON
	 * @param partition the partition of the actor the message is for; its owner delivers it
	 */
	record Reminder(String id, String actorType, String actorId, Instant dueTime, String payload, int partition) {
	}

	/**
	 * Which partition a save belongs to and the lease it must still hold.
	 * @param partition the actor's partition
	 * @param owner the member that must hold the partition's lease, or null for an unfenced write
	 * (the etag alone guards it)
	 * @param epoch the lease's epoch the owner holds
	 */
	record Fence(int partition, String owner, long epoch) {

		/**
		 * A write guarded by the etag only.
		 * @param partition the actor's partition
		 * @return the fence
		 */
		public static Fence unfenced(int partition) {
			return new Fence(partition, null, 0);
		}

	}

	/**
	 * One turn's writes.
	 * @param upserts keys to set
	 * @param deletes keys to remove
	 * @param deleteAll whether all the actor's keys are removed first
	 * @param reminders reminders to create
	 * @param fence the actor's partition and the partition lease the write requires
	 * @param consumedReminders ids of delivered reminders to delete with these writes, so a message
	 * is consumed exactly when its effect is stored
	 */
	record Changes(Map<String, String> upserts, Set<String> deletes, boolean deleteAll, List<Reminder> reminders,
			Fence fence, List<String> consumedReminders) {
	}

	/**
	 * Loads all state of one actor.
	 * @param actorType the actor type
	 * @param actorId the actor id
	 * @return the state; empty values and a null etag if the actor has none
	 */
	ActorState load(String actorType, String actorId);

	/**
	 * Reads one key of one actor without loading the rest.
	 * @param actorType the actor type
	 * @param actorId the actor id
	 * @param key the key
	 * @return the value, or null
	 */
	String get(String actorType, String actorId, String key);

	/**
	 * Reads some keys of one actor in one consistent read, without loading the rest.
	 * @param actorType the actor type
	 * @param actorId the actor id
	 * @param keys the keys
	 * @return the keys that have a value, with their values
	 */
	default Map<String, String> get(String actorType, String actorId, Collection<String> keys) {
		// key by key: a store that can read several keys in one statement should, for a consistent read
		Map<String, String> out = new java.util.HashMap<>();
		for (String key : keys) {
			String value = get(actorType, actorId, key);
			if (value != null) {
				out.put(key, value);
			}
		}
		return out;
	}

	/**
	 * Applies one turn's writes atomically if the actor's etag is still {@code expectedEtag}.
	 * @param actorType the actor type
	 * @param actorId the actor id
	 * @param expectedEtag the etag the turn started from (null: the actor had no state)
	 * @param changes the writes
	 * @return the new etag, or null when the actor has no state left
	 * @throws EtagMismatchException if another writer changed the actor since; nothing was written
	 * @throws PartitionLostException if the fence's owner no longer holds the partition at that
	 * epoch; nothing was written
	 */
	String save(String actorType, String actorId, String expectedEtag, Changes changes);

	/**
	 * Reads one key of every actor of a type, for listings and recovery.
	 * @param actorType the actor type
	 * @param key the key
	 * @param partitions only actors of these partitions, or null for all
	 * @return actor id to value, for actors that have the key
	 */
	Map<String, String> scan(String actorType, String key, Collection<Integer> partitions);

	/**
	 * Reminders not yet delivered, for re-arming after a restart or a partition move.
	 * @param partitions only reminders of these partitions, or null for all
	 * @param dueBefore only reminders due before this time, or null for all
	 * @return the reminders, earliest first
	 */
	List<Reminder> loadReminders(Collection<Integer> partitions, Instant dueBefore);

	/**
	 * The reminders an actor owns, for it to take in messages waiting for it in order.
	 * @param actorType the owning actor's type
	 * @param actorId the owning actor's id
	 * @return the reminders, by due time (then by id)
	 */
	default List<Reminder> remindersOf(String actorType, String actorId) {
		// through all reminders: a store that can look them up by owner should
		return loadReminders(null, null).stream()
			.filter(r -> r.actorType().equals(actorType) && r.actorId().equals(actorId))
			.sorted(java.util.Comparator.comparing(Reminder::dueTime).thenComparing(Reminder::id))
			.toList();
	}

	/**
	 * Stores reminders outside an actor's save: messages a process sends to actors of partitions
	 * it does not hold, for their owner to deliver.
	 * @param reminders the reminders
	 */
	void addReminders(List<Reminder> reminders);

	/**
	 * Deletes a delivered reminder. Idempotent.
	 * @param reminderId the reminder's id
	 */
	void deleteReminder(String reminderId);

	/**
	 * The store's kind and where it keeps state, for the startup line, such as
	 * {@code jdbc, H2 file:/data/wf}; never credentials. The default is the class name.
	 * @return the description
	 */
	default String description() {
		return getClass().getSimpleName();
	}

	/**
	 * Checks cheaply that the store can serve requests, for health checks: one trivial round trip,
	 * never a read of actor state.
	 * @throws RuntimeException describing why the store cannot serve requests
	 */
	default void ping() {
	}

	/**
	 * Whether state survives a restart of the process.
	 * @return false for the memory store
	 */
	boolean isDurable();

	/**
	 * The partition lease table, when processes can share this store.
	 * @return the table, or empty for a store private to one process
	 */
	default Optional<PartitionTable> partitions() {
		return Optional.empty();
	}

	/**
	 * Opens again what {@link #close()} closed, so that a stopped backend can start again (a
	 * Spring context stop and start). The backend calls it from its {@code start()}; a store
	 * that was not closed does nothing.
	 */
	default void reopen() {
	}

	@Override
	default void close() {
	}

}
