package dev.workflow.backend.actors;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.workflow.backend.BackendJson;
import dev.workflow.history.HistoryEvent;

/**
 * Reads and writes one workflow actor's state in the store (keys in {@link WorkflowKeys}): loads
 * it, and saves a turn's {@link Batch} guarded by the etag of what was loaded. It remembers the
 * payloads as stored, so a save writes a payload only when it changed.
 */
final class WorkflowStorage {

	/** What is stored of an instance. */
	record Loaded(WorkflowActor.Meta meta, List<HistoryEvent> history, List<HistoryEvent> inbox) {
	}

	private final ActorEnvironment environment;

	private final String instanceId;

	/** Whether the actor is a one-off copy in a process that does not hold the instance's partition. */
	private final boolean detached;

	private String etag;

	private String storedInput;

	private String storedOutput;

	private String storedCustomStatus;

	WorkflowStorage(ActorEnvironment environment, String instanceId, boolean detached) {
		this.environment = environment;
		this.instanceId = instanceId;
		this.detached = detached;
	}

	/** Loads the instance's state; its meta is null if there is no instance. */
	Loaded load() {
		ActorStateStore.ActorState state = this.environment.store().load(WorkflowActor.TYPE, this.instanceId);
		this.etag = state.etag();
		WorkflowActor.Meta meta = WorkflowKeys.readMeta(state.values());
		this.storedInput = state.values().get(WorkflowKeys.INPUT);
		this.storedOutput = state.values().get(WorkflowKeys.OUTPUT);
		this.storedCustomStatus = state.values().get(WorkflowKeys.CUSTOM_STATUS);
		List<HistoryEvent> history = new ArrayList<>();
		List<HistoryEvent> inbox = new ArrayList<>();
		if (meta != null) {
			for (int i = 0; i < meta.historyLength(); i++) {
				history.add(BackendJson.read(state.values().get(WorkflowKeys.history(i)), HistoryEvent.class));
			}
			for (long i = meta.inboxHead(); i < meta.inboxTail(); i++) {
				inbox.add(BackendJson.read(state.values().get(WorkflowKeys.inbox(i)), HistoryEvent.class));
			}
		}
		return new Loaded(meta, history, inbox);
	}

	/**
	 * Adds to the batch the small metadata record, and each payload only if it differs from what
	 * is stored. A batch that deletes all keys first starts from nothing stored.
	 */
	void putMeta(Batch batch, WorkflowActor.Meta meta) {
		if (batch.deleteAll) {
			forgetPayloads();
		}
		var m = meta.instance();
		batch.upserts.put(WorkflowKeys.META, BackendJson.write(new WorkflowActor.Meta(m.withoutPayloads(),
				meta.historyLength(), meta.inboxHead(), meta.inboxTail())));
		this.storedInput = putPayload(batch, WorkflowKeys.INPUT, this.storedInput, m.input());
		this.storedOutput = putPayload(batch, WorkflowKeys.OUTPUT, this.storedOutput, m.output());
		this.storedCustomStatus = putPayload(batch, WorkflowKeys.CUSTOM_STATUS, this.storedCustomStatus,
				m.customStatus());
	}

	/** Adds a payload's write to the batch if it changed; returns what the store holds after it. */
	private static String putPayload(Batch batch, String key, String stored, String value) {
		if (!Objects.equals(stored, value)) {
			if (value == null) {
				batch.deletes.add(key);
			}
			else {
				batch.upserts.put(key, value);
			}
		}
		return value;
	}

	/** Nothing is stored any more (the instance was purged). */
	void forgetPayloads() {
		this.storedInput = null;
		this.storedOutput = null;
		this.storedCustomStatus = null;
	}

	/**
	 * Saves a batch in one write guarded by the etag (and, in the owner, fenced on the partition
	 * lease), consuming with it the reminders the batch took in and the one the turn delivers.
	 * @param delivered the reminder the turn delivers, if any
	 * @throws EtagMismatchException if another writer changed the instance since it was loaded
	 */
	void save(Batch batch, List<String> delivered) {
		ActorStateStore.Fence fence;
		if (this.detached) {
			// The owner must reload what this copy writes: asked in the same write, so a write that
			// commits is never left unknown to its owner (and one that fails asks nothing)
			batch.reminders.add(this.environment.reminder(WorkflowActor.TYPE, this.instanceId,
					this.environment.clock().instant(), ReminderMessage.reload(this.instanceId)));
			fence = ActorStateStore.Fence.unfenced(this.environment.partitionOf(this.instanceId));
		}
		else {
			fence = this.environment.fence(this.instanceId);
		}
		List<String> consumed = new ArrayList<>(batch.consumed);
		for (String id : delivered) {
			if (!batch.consumed.contains(id)) {
				consumed.add(id);
			}
		}
		this.etag = this.environment.store()
			.save(WorkflowActor.TYPE, this.instanceId, this.etag, new ActorStateStore.Changes(batch.upserts,
					batch.deletes, batch.deleteAll, batch.reminders, fence, consumed));
	}

}
