package dev.workflow.backend.actors;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.backend.BackendJson;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.BackendErrors;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstanceReuse;
import dev.workflow.backend.OutboundMessage;
import dev.workflow.backend.TimerRequest;
import dev.workflow.backend.TurnRules;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * The actor of one workflow instance: its history and inbox, stored through {@link WorkflowStorage}.
 * It hands at most one work item out at a time and accepts its completion only from the current lease.
 */
final class WorkflowActor {

	static final String TYPE = "workflow";

	/** Stored metadata plus the key counters. */
	record Meta(InstanceMetadata instance, int historyLength, long inboxHead, long inboxTail) {
	}

	private final String instanceId;

	/** What the actor sees of the runtime. */
	private final ActorEnvironment backend;

	private final WorkflowStorage storage;

	private boolean loaded;

	private Meta meta;

	private final List<HistoryEvent> history = new ArrayList<>();

	private final List<HistoryEvent> inbox = new ArrayList<>();

	/** The reminder whose message this turn handles, consumed by the turn's save. */
	final Delivery delivery = new Delivery();

	/** Task, timer and child ids scheduled in this run whose completion has not arrived. */
	private final OpenTasks openTasks = new OpenTasks();

	private WorkflowWorkItem inFlight;

	private int attempt = 1;

	private Instant notBefore = Instant.EPOCH;

	/** Whether a wake-up at {@link #notBefore} is already scheduled. */
	private boolean wakeScheduled;

	/**
	 * Whether this is a one-off copy used by a process that does not hold the instance's partition:
	 * it writes through the etag alone and never hands out work.
	 */
	private final boolean detached;

	WorkflowActor(String instanceId, ActorEnvironment environment) {
		this(instanceId, environment, false);
	}

	WorkflowActor(String instanceId, ActorEnvironment environment, boolean detached) {
		this.instanceId = instanceId;
		this.backend = environment;
		this.storage = new WorkflowStorage(environment, instanceId, detached);
		this.detached = detached;
	}

	private void ensureLoaded() {
		if (this.loaded) {
			return;
		}
		WorkflowStorage.Loaded state = this.storage.load();
		this.history.clear();
		this.inbox.clear();
		this.openTasks.clear();
		this.meta = state.meta();
		this.history.addAll(state.history());
		this.inbox.addAll(state.inbox());
		this.history.forEach(this::track);
		this.inbox.forEach(this::track);
		this.loaded = true;
	}

	private void track(HistoryEvent e) {
		this.openTasks.track(e);
	}

	private boolean exists() {
		return this.meta != null;
	}

	private boolean finished() {
		return this.meta != null && this.meta.instance().status().isTerminal();
	}

	// ---- turns

	boolean create(ExecutionStarted started, NewWorkflowOptions.ReusePolicy policy) {
		ensureLoaded();
		WorkflowRuntimeStatus existing = exists() ? this.meta.instance().status() : null;
		// a child start delivered again keeps the running child, whatever the policy
		InstanceReuse decision = started.parent() != null ? InstanceReuse.forChildStart(existing)
				: InstanceReuse.decide(this.instanceId, existing, policy);
		if (!decision.creates()) {
			return false;
		}
		// created or replaced below; a lease on the old run is invalidated
		Instant now = this.backend.clock().instant();
		InstanceMetadata m = new InstanceMetadata(this.instanceId, started.name(), started.executionId(),
				WorkflowRuntimeStatus.PENDING, started.timestamp(), now, started.input(), null, null, null,
				started.parent() == null ? null : started.parent().instanceId());
		Batch batch = new Batch(true);
		this.history.clear();
		this.inbox.clear();
		this.openTasks.clear();
		this.inFlight = null;
		this.backend.leaseEnded(TYPE, this.instanceId);
		this.attempt = 1;
		long tail = 0;
		if (started.scheduledStartTime() != null && started.scheduledStartTime().isAfter(now)) {
			batch.reminders.add(this.backend.reminder(TYPE, this.instanceId, started.scheduledStartTime(),
					ReminderMessage.event(this.instanceId, started.executionId(), started)));
		}
		else {
			batch.upserts.put("i0", BackendJson.write(started));
			this.inbox.add(started);
			tail = 1;
		}
		if (started.appId() != null) {
			batch.upserts.put(WorkflowKeys.APP, started.appId()); // where its actors live, see AppPartitions
		}
		this.meta = new Meta(m, 0, 0, tail);
		putMeta(batch);
		save(batch);
		dispatchIfReady();
		return true;
	}

	/**
	 * Adds an event to the inbox.
	 * @param external whether a client sent it (unknown instance is an error) or the engine did
	 * (unknown instance, stale run or duplicate completion is dropped)
	 */
	void addEvent(HistoryEvent event, String targetExecutionId, boolean external) {
		ensureLoaded();
		if (!exists()) {
			if (external) {
				throw new WorkflowInstanceNotFoundException(this.instanceId);
			}
			return;
		}
		// A client's earlier events that went through another process wait in the store as
		// reminders: they go first, so one caller's events arrive in the order they were raised.
		takeIn(external ? ClientEvents.pending(this.backend, this.instanceId, this.detached) : List.of(), event,
				targetExecutionId);
	}

	/**
	 * Takes in every client event stored as a reminder for this instance, in the order they were
	 * raised, consuming their reminders with the same save (see {@link ClientEvents}).
	 */
	void drainClientEvents() {
		ensureLoaded();
		List<ActorStateStore.Reminder> pending = ClientEvents.pending(this.backend, this.instanceId, this.detached);
		if (!pending.isEmpty() && !exists()) {
			// events for an instance that does not exist are dropped, as any engine message is
			pending.forEach(r -> this.backend.store().deleteReminder(r.id()));
			return;
		}
		takeIn(pending, null, null);
	}

	/** Adds the accepted ones of the pending client events and the event (if any) to the inbox, in one save. */
	private void takeIn(List<ActorStateStore.Reminder> pending, HistoryEvent event, String targetExecutionId) {
		List<HistoryEvent> accepted = new ArrayList<>();
		for (ActorStateStore.Reminder r : pending) {
			HistoryEvent e = ClientEvents.event(r);
			if (accepts(e, null)) {
				accepted.add(e);
			}
		}
		if (event != null && accepts(event, targetExecutionId)) {
			accepted.add(event);
		}
		if (accepted.isEmpty() && pending.isEmpty()) {
			return;
		}
		Batch batch = new Batch(false);
		appendInbox(batch, accepted);
		pending.forEach(r -> batch.consumed.add(r.id()));
		save(batch);
		dispatchIfReady();
	}

	/** Whether an event is added to the inbox: not for a finished instance, a stale run or a duplicate completion. */
	private boolean accepts(HistoryEvent event, String targetExecutionId) {
		if (finished() || !TurnRules.acceptsEvent(this.meta.instance().executionId(), targetExecutionId, event)) {
			return false;
		}
		return this.openTasks.admit(event);
	}

	private void appendInbox(Batch batch, List<HistoryEvent> events) {
		long tail = this.meta.inboxTail();
		InstanceMetadata m = this.meta.instance();
		for (HistoryEvent e : events) {
			batch.upserts.put("i" + tail++, BackendJson.write(e));
			this.inbox.add(e);
			m = m.withStatus(TurnRules.statusOnEvent(m.status(), e));
		}
		this.meta = new Meta(m, this.meta.historyLength(), this.meta.inboxHead(), tail);
		putMeta(batch);
	}

	void complete(WorkflowWorkItem item, WorkflowTurnCommit commit) {
		ensureLoaded();
		requireLease(item);
		int consumed = item.newEvents().size();
		if (!commit.consumesOnly() && TurnRules.yieldsToLaterSuspend(commit.status(),
				this.inbox.subList(consumed, this.inbox.size()))) {
			// dropped: the next turn takes the same events with the suspend (see TurnRules)
			this.inFlight = null;
			this.backend.leaseEnded(TYPE, this.instanceId);
			dispatchIfReady();
			return;
		}
		Instant now = this.backend.clock().instant();
		Batch batch = new Batch(false);
		long head = this.meta.inboxHead();
		for (int i = 0; i < consumed; i++) {
			batch.deletes.add("i" + (head + i));
		}
		this.inbox.subList(0, consumed).clear();
		head += consumed;
		int historyLength = this.meta.historyLength();
		if (commit.historyReset()) {
			for (int i = 0; i < historyLength; i++) {
				batch.deletes.add("h" + i);
			}
			this.history.clear();
			this.openTasks.clear();
			historyLength = 0;
		}
		else {
			for (HistoryEvent e : commit.historyToAppend()) {
				batch.upserts.put("h" + historyLength++, BackendJson.write(e));
				this.history.add(e);
				this.openTasks.track(e);
			}
		}
		if (commit.status().isTerminal()) {
			for (long i = head; i < this.meta.inboxTail(); i++) {
				batch.deletes.add("i" + i);
			}
			this.inbox.clear();
			head = this.meta.inboxTail();
		}
		// A commit that only consumes its events leaves the instance as the run's real end wrote it.
		InstanceMetadata m = commit.consumesOnly() ? this.meta.instance()
				: TurnRules.metadataAfter(this.meta.instance(), commit, now)
					.withStatus(TurnRules.statusOnCommit(this.meta.instance().status(), commit.status()));
		this.meta = new Meta(m, historyLength, head, this.meta.inboxTail());
		for (OutboundMessage msg : commit.outbox()) {
			batch.reminders.add(this.backend.reminder(TYPE, this.instanceId, now, ReminderMessage.of(msg)));
		}
		for (ActivityRequest a : commit.activities()) {
			batch.reminders.add(this.backend.reminder(TYPE, this.instanceId, now, ReminderMessage.activity(a)));
		}
		for (TimerRequest t : commit.timers()) {
			batch.reminders.add(this.backend.reminder(TYPE, this.instanceId, t.fireAt(),
					ReminderMessage.event(this.instanceId, t.executionId(), t.event())));
		}
		if (commit.nextRun() != null) {
			// The next run's first events go ahead of events that arrived during this turn.
			List<HistoryEvent> first = commit.nextRun().firstEvents();
			List<HistoryEvent> later = new ArrayList<>(this.inbox);
			for (long i = this.meta.inboxHead(); i < this.meta.inboxTail(); i++) {
				batch.deletes.add("i" + i);
			}
			this.inbox.clear();
			this.meta = new Meta(this.meta.instance(), this.meta.historyLength(), this.meta.inboxTail(),
					this.meta.inboxTail());
			List<HistoryEvent> next = new ArrayList<>(first);
			next.addAll(later);
			appendInbox(batch, next);
			for (HistoryEvent e : first) {
				this.openTasks.track(e);
			}
		}
		putMeta(batch);
		save(batch);
		this.inFlight = null;
		this.backend.leaseEnded(TYPE, this.instanceId);
		this.attempt = 1;
		// Each turn replays the whole history, so while many tasks are outstanding a long history
		// gets fewer, larger turns: the next turn waits a little (up to 50 ms) to collect more
		// completions. Without this, a fan-out of n activities costs n turns of O(n) replay each. A
		// sequence (one task at a time) is never delayed.
		long batchMillis = this.openTasks.size() > 1 ? Math.min(50, this.history.size() / 200) : 0;
		this.notBefore = batchMillis == 0 ? Instant.EPOCH : now.plusMillis(batchMillis);
		dispatchIfReady();
	}

	void abandon(WorkflowWorkItem item, Duration retryAfter) {
		ensureLoaded();
		if (this.inFlight == null || !this.inFlight.lockToken().equals(item.lockToken())) {
			return;
		}
		this.inFlight = null;
		this.backend.leaseEnded(TYPE, this.instanceId);
		this.attempt++;
		this.notBefore = this.backend.clock().instant().plus(retryAfter);
		dispatchIfReady();
	}

	void renew(WorkflowWorkItem item) {
		ensureLoaded();
		requireLease(item);
		this.backend.leaseTaken(TYPE, this.instanceId, this.backend.workflowLockTimeout());
	}

	void expireIfStale(String lockToken) {
		if (this.inFlight != null && this.inFlight.lockToken().equals(lockToken)) {
			this.inFlight = null;
			this.attempt++;
			dispatchIfReady();
		}
	}

	boolean purge() {
		ensureLoaded();
		if (!exists()) {
			return false;
		}
		if (!finished()) {
			throw BackendErrors.purgeOfUnfinished(this.instanceId, this.meta.instance().status());
		}
		save(new Batch(true));
		this.meta = null;
		this.storage.forgetPayloads();
		this.history.clear();
		this.inbox.clear();
		this.openTasks.clear();
		return true;
	}

	boolean idle() {
		return this.inFlight == null && (this.meta == null || finished());
	}

	/** A scheduled wake-up arrived. */
	void wake() {
		this.wakeScheduled = false;
		dispatchIfReady();
	}

	/**
	 * Forgets what is cached: the store changed under this actor (another process wrote it, or the
	 * partition moved). Work handed out so far can no longer commit.
	 */
	void reset() {
		this.loaded = false;
		if (this.inFlight != null) {
			this.inFlight = null;
			this.backend.leaseEnded(TYPE, this.instanceId);
		}
	}

	/** Another process changed the instance in the store: reload and carry on from there. */
	void reload() {
		reset();
		dispatchIfReady();
	}

	void dispatchIfReady() {
		if (this.detached || !this.backend.owns(this.instanceId)) {
			return;
		}
		ensureLoaded();
		if (this.inFlight != null || this.inbox.isEmpty() || !exists() || finished()) {
			return;
		}
		Instant now = this.backend.clock().instant();
		if (now.isBefore(this.notBefore)) {
			if (!this.wakeScheduled) {
				this.wakeScheduled = true;
				this.backend.wakeLater(this.instanceId, Duration.between(now, this.notBefore));
			}
			return;
		}
		this.wakeScheduled = false;
		this.inFlight = new WorkflowWorkItem(this.instanceId, List.copyOf(this.history), List.copyOf(this.inbox),
				UUID.randomUUID().toString(), this.attempt, now.plus(this.backend.workflowLockTimeout()));
		this.backend.enqueue(this.inFlight);
	}

	private void requireLease(WorkflowWorkItem item) {
		if (this.inFlight == null || !this.inFlight.lockToken().equals(item.lockToken())) {
			throw BackendErrors.workflowLeaseLost(this.instanceId);
		}
	}

	private void putMeta(Batch batch) {
		this.storage.putMeta(batch, this.meta);
	}

	private void save(Batch batch) {
		try {
			this.storage.save(batch, this.delivery.take());
		}
		catch (EtagMismatchException ex) {
			// Another writer got there first: drop the cache and start again from the store.
			reset();
			if (!this.detached) {
				this.backend.wakeLater(this.instanceId, Duration.ZERO);
			}
			throw ex;
		}
		catch (RuntimeException ex) {
			this.loaded = false; // reload on the next turn: the store is the truth
			throw ex;
		}
		this.backend.schedule(batch.reminders);
	}

}
