package dev.workflow.backend.actors;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.workflow.backend.BackendErrors;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.history.HistoryEvent;

/**
 * The actor of one activity call. Its state is the request under {@code req}; it hands the call
 * to one worker at a time and, on completion, deletes itself and leaves a reminder that delivers
 * the result to the workflow, in one save.
 */
final class ActivityActor {

	static final String TYPE = "activity";

	private final String id;

	private final ActorEnvironment environment;

	private boolean loaded;

	private String etag;

	private ActivityRequest request;

	private ActivityWorkItem inFlight;

	/** The reminder whose message this turn handles, consumed by the turn's save. */
	final Delivery delivery = new Delivery();

	private int attempt = 1;

	ActivityActor(String id, ActorEnvironment environment) {
		this.id = id;
		this.environment = environment;
	}

	/**
	 * The actor id of a call: the calling instance, run and task, and the app that runs it when
	 * the call names one (its partition is in that app's range, see {@link AppPartitions}). Ids
	 * and app ids cannot contain '|'.
	 */
	static String idOf(ActivityRequest r) {
		String id = r.instanceId() + '|' + r.executionId() + '|' + r.taskId();
		return r.appId() == null ? id : id + '|' + r.appId();
	}

	/** The app named in an activity actor's id, or null. */
	static String appOf(String actorId) {
		int bar = actorId.indexOf('|');
		bar = bar < 0 ? -1 : actorId.indexOf('|', bar + 1);
		bar = bar < 0 ? -1 : actorId.indexOf('|', bar + 1);
		return bar < 0 ? null : actorId.substring(bar + 1);
	}

	private void ensureLoaded() {
		if (!this.loaded) {
			ActorStateStore.ActorState state = this.environment.store().load(TYPE, this.id);
			this.etag = state.etag();
			this.request = BackendJson.read(state.values().get("req"), ActivityRequest.class);
			this.loaded = true;
		}
	}

	void create(ActivityRequest req) {
		ensureLoaded();
		if (this.request != null) {
			return; // duplicate delivery
		}
		save(Map.of("req", BackendJson.write(req)), false, List.of());
		this.request = req;
		dispatch();
	}

	void complete(ActivityWorkItem item, HistoryEvent result) {
		ensureLoaded();
		requireLease(item);
		Instant now = this.environment.clock().instant();
		ActorStateStore.Reminder deliver = this.environment.reminder(TYPE, this.id, now,
				ReminderMessage.event(this.request.instanceId(), this.request.executionId(), result));
		save(Map.of(), true, List.of(deliver));
		this.request = null;
		this.inFlight = null;
		this.environment.leaseEnded(TYPE, this.id);
		this.environment.schedule(List.of(deliver));
	}

	void abandon(ActivityWorkItem item, Duration retryAfter) {
		ensureLoaded();
		if (this.inFlight != null && this.inFlight.lockToken().equals(item.lockToken())) {
			this.inFlight = null;
			this.environment.leaseEnded(TYPE, this.id);
			this.attempt++;
			this.environment.redeliverActivityLater(this.id, retryAfter);
		}
	}

	void renew(ActivityWorkItem item) {
		ensureLoaded();
		requireLease(item);
		this.environment.leaseTaken(TYPE, this.id, this.environment.activityLockTimeout());
	}

	void expireIfStale(String lockToken) {
		if (this.inFlight != null && this.inFlight.lockToken().equals(lockToken)) {
			this.inFlight = null;
			this.attempt++;
			dispatch();
		}
	}

	/** Forgets what is cached (the partition moved); work handed out so far can no longer commit. */
	void reset() {
		this.loaded = false;
		if (this.inFlight != null) {
			this.inFlight = null;
			this.environment.leaseEnded(TYPE, this.id);
		}
	}

	void dispatch() {
		if (!this.environment.owns(this.id)) {
			return;
		}
		ensureLoaded();
		if (this.request == null || this.inFlight != null) {
			return;
		}
		this.inFlight = new ActivityWorkItem(this.request, UUID.randomUUID().toString(), this.attempt,
				this.environment.clock().instant().plus(this.environment.activityLockTimeout()));
		this.environment.enqueue(this.inFlight);
	}

	boolean idle() {
		return this.request == null && this.inFlight == null;
	}

	private void requireLease(ActivityWorkItem item) {
		if (this.inFlight == null || !this.inFlight.lockToken().equals(item.lockToken())) {
			throw BackendErrors.activityLeaseLost(item.request());
		}
	}

	private void save(Map<String, String> upserts, boolean deleteAll, List<ActorStateStore.Reminder> reminders) {
		try {
			this.etag = this.environment.store()
				.save(TYPE, this.id, this.etag, new ActorStateStore.Changes(upserts, Set.of(), deleteAll, reminders,
						this.environment.fence(this.id), this.delivery.take()));
		}
		catch (RuntimeException ex) {
			this.loaded = false;
			throw ex;
		}
	}

}
