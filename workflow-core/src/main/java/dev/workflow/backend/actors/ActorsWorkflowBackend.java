package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.PurgeInstancesCriteria;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.PurgeDeadline;
import dev.workflow.backend.TimeSkipping;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * The {@code actors} backend: an in-process virtual-actor runtime with one actor per workflow
 * instance and one per activity call. Each actor processes one message at a time; its state and
 * the reminders a turn creates (timers, activity delivery, messages to other instances) are
 * written through an {@link ActorStateStore} in one save. Reminders are delivered by a scheduler
 * and deleted once the receiving actor has stored what they carried.
 * <p>
 * Actors belong to partitions (by the hash of the instance id). On a store several processes
 * share, each process leases a fair share of the partitions and runs only their actors; a message
 * for an actor of a partition held elsewhere is stored as a reminder that the owner polls for, a
 * client call for such an instance writes through the etag and asks the owner to reload. Saves
 * are fenced on the partition lease, and partitions of a dead process move once its leases expire.
 * Each app has partitions of its own, which only replicas of that app lease (as Dapr keeps
 * workflow actor types per app), so a call to another app waits in the store until a replica of
 * that app runs it; work without an app id is spread over all replicas.
 * <p>
 * This class is the SPI facade: the running actors, placement, reminders and work leases are in
 * {@link ActorRuntime}, the routing of client writes in {@link ClientRouting}.
 */
public final class ActorsWorkflowBackend implements WorkflowBackend, TimeSkipping {

	private static final Logger log = LoggerFactory.getLogger(ActorsWorkflowBackend.class);

	/** The default number of partitions actors are spread over. */
	public static final int DEFAULT_PARTITION_COUNT = 32;

	/** The default lease length of a partition in a shared store. */
	public static final Duration DEFAULT_PARTITION_LEASE_TIMEOUT = Duration.ofSeconds(10);

	/** The default interval at which an owner looks for reminders other processes stored. */
	public static final Duration DEFAULT_REMINDER_POLL_INTERVAL = Duration.ofMillis(250);

	private final ActorStateStore store;

	private final ActorRuntime runtime;

	private final ClientRouting routing;

	/**
	 * Creates the backend.
	 * @param store where actor state and reminders live
	 * @param workflowLockTimeout how long a workflow turn's lease lasts without renewal
	 * @param activityLockTimeout how long an activity's lease lasts without renewal
	 * @param clock the clock
	 */
	public ActorsWorkflowBackend(ActorStateStore store, Duration workflowLockTimeout, Duration activityLockTimeout,
			Clock clock) {
		this(store, workflowLockTimeout, activityLockTimeout, clock, DEFAULT_PARTITION_COUNT,
				DEFAULT_PARTITION_LEASE_TIMEOUT, DEFAULT_REMINDER_POLL_INTERVAL);
	}

	/**
	 * Creates the backend with placement settings, which apply when the store is shared.
	 * @param store where actor state and reminders live
	 * @param workflowLockTimeout how long a workflow turn's lease lasts without renewal
	 * @param activityLockTimeout how long an activity's lease lasts without renewal
	 * @param clock the clock
	 * @param partitionCount how many partitions actors are spread over (fixed once a shared store
	 * has been set up)
	 * @param partitionLeaseTimeout how long a partition lease lasts without renewal: how soon the
	 * partitions of a dead process move to the others
	 * @param reminderPollInterval how often an owner looks for reminders other processes stored
	 */
	public ActorsWorkflowBackend(ActorStateStore store, Duration workflowLockTimeout, Duration activityLockTimeout,
			Clock clock, int partitionCount, Duration partitionLeaseTimeout, Duration reminderPollInterval) {
		this.store = Objects.requireNonNull(store, "store");
		if (partitionCount < 1 || partitionCount > 4096) {
			throw new IllegalArgumentException("partitionCount must be 1 to 4096, was " + partitionCount);
		}
		this.runtime = new ActorRuntime(store, clock, workflowLockTimeout, activityLockTimeout, partitionCount,
				partitionLeaseTimeout, reminderPollInterval);
		this.routing = new ClientRouting(this.runtime);
	}

	ActorStateStore store() {
		return this.store;
	}

	/** The partition of an actor, for tests. */
	int partitionOf(String actorId) {
		return this.runtime.partitionOf(actorId);
	}

	/** The lease a save of the actor must hold now, for tests. */
	ActorStateStore.Fence fence(String actorId) {
		return this.runtime.fence(actorId);
	}

	@Override
	public Duration workflowLockTimeout() {
		return this.runtime.workflowLockTimeout();
	}

	@Override
	public Duration activityLockTimeout() {
		return this.runtime.activityLockTimeout();
	}

	@Override
	public boolean isQuiet() {
		return this.runtime.isQuiet();
	}

	@Override
	public Optional<Instant> nextTimerDue() {
		return this.runtime.isRunning() ? Optional.ofNullable(this.runtime.nextReminderDue()) : Optional.empty();
	}

	@Override
	public void clockMovingForward(Duration by) {
		this.runtime.clockMoved(by, true);
	}

	@Override
	public void clockMovedForward() {
		this.runtime.clockMoved(Duration.ZERO, false);
	}

	@Override
	public synchronized void start() {
		if (this.runtime.isRunning()) {
			return;
		}
		this.store.reopen(); // after a stop(), which closed it
		if (!this.store.isDurable()) {
			log.warn("The actors workflow backend uses the in-memory state store: workflow state is lost when the "
					+ "process stops. Set dapr.workflow.backend-configuration.state-store=jdbc, or use the sqlite or "
					+ "jdbc backend, for durable workflows.");
		}
		try {
			this.runtime.start();
		}
		catch (RuntimeException ex) {
			if (this.runtime.isRunning()) {
				stop();
			}
			throw ex;
		}
	}

	@Override
	public synchronized void stop() {
		if (!this.runtime.isRunning()) {
			return;
		}
		this.runtime.stop();
		this.store.close();
	}

	/**
	 * The partitions this process holds now, for tests and diagnostics.
	 * @return the partition ids
	 */
	public Set<Integer> heldPartitions() {
		this.runtime.requireRunning();
		return this.runtime.heldPartitions();
	}

	private <R> R onWorkflow(String instanceId, Function<WorkflowActor, R> turn) {
		return this.runtime.onWorkflow(instanceId, turn);
	}

	private <R> R onActivity(String id, Function<ActivityActor, R> turn) {
		return this.runtime.onActivity(id, turn);
	}

	private <R> R clientWrite(String instanceId, Function<WorkflowActor, R> local, Supplier<R> elsewhere) {
		return this.routing.write(instanceId, local, elsewhere);
	}

	private <R> R onStore(String instanceId, Function<WorkflowActor, R> write) {
		return this.routing.onStore(instanceId, write);
	}

	// ---- writes

	@Override
	public boolean createWorkflowInstance(ExecutionStarted started, NewWorkflowOptions.ReusePolicy reusePolicy) {
		Function<WorkflowActor, Boolean> create = a -> a.create(started, reusePolicy);
		// its app chooses its partition
		Integer previous = this.runtime.knowApp(started.instanceId(), started.appId());
		boolean created = false;
		try {
			created = clientWrite(started.instanceId(), create, () -> onStore(started.instanceId(), create));
			return created;
		}
		finally {
			if (!created) {
				this.runtime.restoreApp(started.instanceId(), previous); // an existing instance keeps its own app
			}
		}
	}

	@Override
	public void addEvent(String instanceId, HistoryEvent event) {
		this.routing.addEvent(instanceId, event);
	}

	// ---- workflow work items

	@Override
	public WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait) throws InterruptedException {
		return this.runtime.nextWorkflowWorkItem(maxWait, WorkerCapabilities.ANY);
	}

	@Override
	public WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		return this.runtime.nextWorkflowWorkItem(maxWait, capabilities);
	}

	@Override
	public void completeWorkflowWorkItem(WorkflowWorkItem item, WorkflowTurnCommit commit) {
		onWorkflow(item.instanceId(), a -> {
			a.complete(item, commit);
			return null;
		});
		if (commit.status().isTerminal()) {
			this.runtime.workflows().deactivateIf(item.instanceId(), WorkflowActor::idle);
		}
	}

	@Override
	public void abandonWorkflowWorkItem(WorkflowWorkItem item, Duration retryAfter) {
		onWorkflow(item.instanceId(), a -> {
			a.abandon(item, retryAfter);
			return null;
		});
	}

	@Override
	public void renewWorkflowWorkItem(WorkflowWorkItem item) {
		onWorkflow(item.instanceId(), a -> {
			a.renew(item);
			return null;
		});
	}

	// ---- activity work items

	@Override
	public ActivityWorkItem nextActivityWorkItem(Duration maxWait) throws InterruptedException {
		return this.runtime.nextActivityWorkItem(maxWait, WorkerCapabilities.ANY);
	}

	@Override
	public ActivityWorkItem nextActivityWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		return this.runtime.nextActivityWorkItem(maxWait, capabilities);
	}

	@Override
	public void completeActivityWorkItem(ActivityWorkItem item, HistoryEvent result) {
		String id = ActivityActor.idOf(item.request());
		onActivity(id, a -> {
			a.complete(item, result);
			return null;
		});
		this.runtime.activities().deactivateIf(id, ActivityActor::idle);
	}

	@Override
	public void abandonActivityWorkItem(ActivityWorkItem item, Duration retryAfter) {
		onActivity(ActivityActor.idOf(item.request()), a -> {
			a.abandon(item, retryAfter);
			return null;
		});
	}

	@Override
	public void renewActivityWorkItem(ActivityWorkItem item) {
		onActivity(ActivityActor.idOf(item.request()), a -> {
			a.renew(item);
			return null;
		});
	}

	// ---- queries

	/** Healthy while started and the store answers; the memory store always does. */
	@Override
	public String description() {
		return "actors (state store " + this.store.description() + ")";
	}

	@Override
	public void ping() {
		this.runtime.requireRunning();
		this.store.ping();
	}

	@Override
	public InstanceMetadata getInstance(String instanceId) {
		WorkflowActor.Meta meta = WorkflowKeys.readMeta(this.store.get(WorkflowActor.TYPE, instanceId,
				WorkflowKeys.STATUS_KEYS));
		return meta == null ? null : meta.instance();
	}

	@Override
	public List<HistoryEvent> getHistory(String instanceId) {
		ActorStateStore.ActorState state = this.store.load(WorkflowActor.TYPE, instanceId);
		WorkflowActor.Meta meta = WorkflowKeys.readMeta(state.values());
		if (meta == null) {
			return List.of();
		}
		List<HistoryEvent> events = new ArrayList<>(meta.historyLength());
		for (int i = 0; i < meta.historyLength(); i++) {
			events.add(BackendJson.read(state.values().get(WorkflowKeys.history(i)), HistoryEvent.class));
		}
		return events;
	}

	/**
	 * Scans only the small metadata records (payloads live under keys of their own) and reads the
	 * payloads of the page's instances only when the query asks for them.
	 */
	@Override
	public InstancePage listInstances(WorkflowQuery query) {
		List<InstanceMetadata> all = new ArrayList<>();
		this.store.scan(WorkflowActor.TYPE, WorkflowKeys.META, null).values().forEach(json -> {
			InstanceMetadata m = BackendJson.read(json, WorkflowActor.Meta.class).instance();
			if (InstancePages.matches(m, query)) {
				all.add(m);
			}
		});
		all.sort(Comparator.comparing(InstanceMetadata::createdAt).thenComparing(InstanceMetadata::instanceId));
		InstancePage page = InstancePages.page(all, query);
		List<InstanceMetadata> out = new ArrayList<>(page.instances().size());
		for (InstanceMetadata m : page.instances()) {
			if (query.isFetchInputsAndOutputs()) {
				WorkflowActor.Meta full = WorkflowKeys.readMeta(this.store.get(WorkflowActor.TYPE, m.instanceId(),
						WorkflowKeys.STATUS_KEYS));
				if (full != null) { // purged since the scan: left out
					out.add(full.instance());
				}
			}
			else {
				// a record stored before payloads had keys of their own may carry them inline
				out.add(m.withoutPayloads());
			}
		}
		return new InstancePage(out, page.continuationToken());
	}

	/**
	 * Scans the metadata records once, where the default would scan them again for every page,
	 * then purges the matches one by one as {@link #purgeInstance} does.
	 */
	@Override
	public int purgeInstances(PurgeInstancesCriteria criteria) throws TimeoutException {
		PurgeDeadline deadline = PurgeDeadline.start(criteria);
		WorkflowQuery match = new WorkflowQuery()
			.setRuntimeStatus(criteria.effectiveStatuses().toArray(new WorkflowRuntimeStatus[0]))
			.setCreatedFrom(criteria.getCreatedTimeFrom())
			.setCreatedTo(criteria.getCreatedTimeTo());
		List<String> ids = new ArrayList<>();
		this.store.scan(WorkflowActor.TYPE, WorkflowKeys.META, null).values().forEach(json -> {
			InstanceMetadata m = BackendJson.read(json, WorkflowActor.Meta.class).instance();
			if (InstancePages.matches(m, match)) {
				ids.add(m.instanceId());
			}
		});
		int deleted = 0;
		for (String id : ids) {
			deadline.check(deleted);
			try {
				if (purgeInstance(id)) {
					deleted++;
				}
			}
			catch (IllegalStateException restarted) {
				// started again since the scan: no longer finished, so not purged
			}
		}
		return deleted;
	}

	@Override
	public boolean purgeInstance(String instanceId) {
		boolean purged = clientWrite(instanceId, WorkflowActor::purge, () -> onStore(instanceId, WorkflowActor::purge));
		if (purged) {
			this.runtime.forgetApp(instanceId); // a new instance of this id may belong to another app
		}
		this.runtime.workflows().deactivateIf(instanceId, WorkflowActor::idle); // nothing to do unless it ran here
		return purged;
	}

}
