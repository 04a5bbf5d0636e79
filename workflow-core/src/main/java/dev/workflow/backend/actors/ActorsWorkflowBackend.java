package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.backend.BackendJson;
import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowQuery;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnResult;
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
 */
public final class ActorsWorkflowBackend implements WorkflowBackend {

	private static final Logger log = LoggerFactory.getLogger(ActorsWorkflowBackend.class);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

	/** The default number of partitions actors are spread over. */
	public static final int DEFAULT_PARTITION_COUNT = 32;

	/** The default lease length of a partition in a shared store. */
	public static final Duration DEFAULT_PARTITION_LEASE_TIMEOUT = Duration.ofSeconds(10);

	/** The default interval at which an owner looks for reminders other processes stored. */
	public static final Duration DEFAULT_REMINDER_POLL_INTERVAL = Duration.ofMillis(250);

	private record Lease(String token, long deadlineMillis) {
	}

	private final ActorStateStore store;

	private final Duration workflowLockTimeout;

	private final Duration activityLockTimeout;

	private final Clock clock;

	private final int partitionCount;

	private final Duration partitionLeaseTimeout;

	private final Duration reminderPollInterval;

	private Placement placement;

	/** Reminders scheduled in this process and not yet delivered, so polling does not arm them twice. */
	private final Set<String> armed = ConcurrentHashMap.newKeySet();

	private final BlockingQueue<WorkflowWorkItem> workflowQueue = new LinkedBlockingQueue<>();

	private final BlockingQueue<ActivityWorkItem> activityQueue = new LinkedBlockingQueue<>();

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	/** The due time (epoch micros) of the last client event this process stored as a reminder. */
	private final java.util.concurrent.atomic.AtomicLong lastClientEventMicros = new java.util.concurrent.atomic.AtomicLong();

	private ExecutorService actorPool;

	private ScheduledExecutorService scheduler;

	private ActorHost<WorkflowActor> workflows;

	private ActorHost<ActivityActor> activities;

	private volatile boolean running;

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
		this.workflowLockTimeout = workflowLockTimeout;
		this.activityLockTimeout = activityLockTimeout;
		this.clock = clock;
		if (partitionCount < 1 || partitionCount > 4096) {
			throw new IllegalArgumentException("partitionCount must be 1 to 4096, was " + partitionCount);
		}
		this.partitionCount = partitionCount;
		this.partitionLeaseTimeout = partitionLeaseTimeout;
		this.reminderPollInterval = reminderPollInterval;
	}

	ActorStateStore store() {
		return this.store;
	}

	Clock clock() {
		return this.clock;
	}

	@Override
	public Duration workflowLockTimeout() {
		return this.workflowLockTimeout;
	}

	@Override
	public Duration activityLockTimeout() {
		return this.activityLockTimeout;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		if (!this.store.isDurable()) {
			log.warn("The actors workflow backend uses the in-memory state store: workflow state is lost when the "
					+ "process stops. Set dapr.workflow.backend-configuration.state-store=jdbc, or use the sqlite or "
					+ "jdbc backend, for durable workflows.");
		}
		// placement first: a store that cannot be reached fails the start before any thread runs
		this.placement = this.store.partitions()
			.map(table -> Placement.leased(table, this.partitionCount, this.partitionLeaseTimeout,
					this.reminderPollInterval, this.clock))
			.orElseGet(() -> Placement.local(this.partitionCount));
		// a durable store blocks an actor turn on its database round trips: more turns in parallel
		int cores = Runtime.getRuntime().availableProcessors();
		int threads = this.store.isDurable() ? Math.max(8, cores * 4) : Math.max(4, cores * 2);
		this.actorPool = Executors.newFixedThreadPool(threads, daemon("workflow-actor-"));
		this.scheduler = Executors.newScheduledThreadPool(1, daemon("workflow-reminders-"));
		this.workflows = new ActorHost<>(id -> new WorkflowActor(id, this), this.actorPool);
		this.activities = new ActorHost<>(id -> new ActivityActor(id, this), this.actorPool);
		long reap = Math.max(50, Math.min(1000, Math.min(this.workflowLockTimeout.toMillis(),
				this.activityLockTimeout.toMillis()) / 4));
		this.scheduler.scheduleWithFixedDelay(this::reapExpiredLeases, reap, reap, TimeUnit.MILLISECONDS);
		this.running = true;
		try {
			startPlacement();
		}
		catch (RuntimeException ex) {
			stop();
			throw ex;
		}
	}

	private void startPlacement() {
		this.placement.start(new Placement.Listener() {
			@Override
			public void acquired(Set<Integer> partitions) {
				recover(partitions);
			}

			@Override
			public void lost(Set<Integer> partitions) {
				drop(partitions);
			}

			@Override
			public void poll(Set<Integer> partitions) {
				schedule(ActorsWorkflowBackend.this.store.loadReminders(partitions,
						ActorsWorkflowBackend.this.clock.instant().plus(ActorsWorkflowBackend.this.reminderPollInterval)));
			}
		});
	}

	/**
	 * Re-arms stored reminders and hands out work that a previous owner left.
	 * @param partitions the partitions to recover, or null for all
	 */
	private void recover(Set<Integer> partitions) {
		if (!this.running) {
			return;
		}
		schedule(this.store.loadReminders(partitions, null));
		this.store.scan(WorkflowActor.TYPE, WorkflowActor.META, partitions).forEach((id, json) -> {
			WorkflowActor.Meta meta = BackendJson.read(json, WorkflowActor.Meta.class);
			if (!meta.instance().status().isTerminal() && meta.inboxTail() > meta.inboxHead()) {
				this.workflows.call(id, a -> {
					a.dispatchIfReady();
					return null;
				});
			}
		});
		this.store.scan(ActivityActor.TYPE, "req", partitions).keySet().forEach(id -> this.activities.call(id, a -> {
			a.dispatch();
			return null;
		}));
	}

	/** Drops the cached state and handed-out work of actors of partitions no longer held. */
	private void drop(Set<Integer> partitions) {
		for (String id : this.workflows.ids()) {
			if (partitions.contains(partitionOf(id))) {
				this.workflows.call(id, a -> {
					a.reset();
					return null;
				});
			}
		}
		for (String id : this.activities.ids()) {
			if (partitions.contains(partitionOf(id))) {
				this.activities.call(id, a -> {
					a.reset();
					return null;
				});
			}
		}
	}

	// ---- placement

	int partitionOf(String actorId) {
		return this.placement.partitionOf(actorId);
	}

	boolean owns(String actorId) {
		return this.placement.owns(this.placement.partitionOf(actorId));
	}

	ActorStateStore.Fence fence(String actorId) {
		return this.placement.fence(this.placement.partitionOf(actorId));
	}

	/**
	 * The partitions this process holds now, for tests and diagnostics.
	 * @return the partition ids
	 */
	public Set<Integer> heldPartitions() {
		requireRunning();
		return this.placement.held();
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.scheduler.shutdownNow();
		this.actorPool.shutdown();
		try {
			this.actorPool.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.actorPool.shutdownNow();
		this.placement.close();
		this.workflowQueue.clear();
		this.activityQueue.clear();
		this.leases.clear();
		this.armed.clear();
		this.store.close();
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicInteger n = new AtomicInteger();
		return r -> {
			Thread t = new Thread(r, prefix + n.getAndIncrement());
			t.setDaemon(true);
			return t;
		};
	}

	private void requireRunning() {
		if (!this.running) {
			throw new IllegalStateException("The actors workflow backend is not running; start the WorkflowRuntime first");
		}
	}

	/**
	 * Waits for a turn already handed to an actor. The wait ignores interrupts: once submitted, the
	 * turn runs and may write, so throwing on an interrupt would report a write that happened as
	 * failed and a caller that retries would write twice. The interrupt flag is restored on return.
	 */
	private static <R> R await(CompletableFuture<R> future) {
		long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException re) {
				throw re;
			}
			if (ex.getCause() instanceof Error err) {
				throw err;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("An actor turn did not finish within " + CALL_TIMEOUT
					+ "; it may still take effect", ex);
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private <R> R onWorkflow(String instanceId, Function<WorkflowActor, R> turn) {
		requireRunning();
		return await(this.workflows.call(instanceId, turn));
	}

	/**
	 * Runs a client write, again when another writer changed the actor in the store first: the
	 * actor has then dropped its cache (see {@link WorkflowActor}) and the next try works on the
	 * reloaded state.
	 */
	private static <R> R retryingConflicts(Supplier<R> write) {
		for (int attempt = 1;; attempt++) {
			try {
				return write.get();
			}
			catch (EtagMismatchException ex) {
				if (attempt == 5) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Routes a client write: to the instance's actor when this process holds its partition,
	 * otherwise (or if the partition moves meanwhile) to {@code elsewhere}.
	 */
	private <R> R clientWrite(String instanceId, Function<WorkflowActor, R> local, Supplier<R> elsewhere) {
		requireRunning();
		if (owns(instanceId)) {
			try {
				return retryingConflicts(() -> onWorkflow(instanceId, local));
			}
			catch (PartitionLostException ex) {
				// the partition moved meanwhile: go the way of any non-owner
			}
		}
		return elsewhere.get();
	}

	private <R> R onActivity(String id, Function<ActivityActor, R> turn) {
		requireRunning();
		return await(this.activities.call(id, turn));
	}

	// ---- writes

	@Override
	public boolean createWorkflowInstance(ExecutionStarted started, NewWorkflowOptions.ReusePolicy reusePolicy) {
		Function<WorkflowActor, Boolean> create = a -> a.create(started, reusePolicy);
		return clientWrite(started.instanceId(), create, () -> onStore(started.instanceId(), create));
	}

	@Override
	public void addEvent(String instanceId, HistoryEvent event) {
		clientWrite(instanceId, a -> {
			a.addEvent(event, null, true);
			return null;
		}, () -> {
			// leave the event for the instance's owner
			if (this.store.get(WorkflowActor.TYPE, instanceId, WorkflowActor.META) == null) {
				throw new dev.workflow.WorkflowInstanceNotFoundException(instanceId);
			}
			this.store.addReminders(List.of(reminder(WorkflowActor.TYPE, instanceId, clientEventDue(),
					ReminderMessage.event(instanceId, null, event))));
			return null;
		});
	}

	/**
	 * The due time of a client event stored for another process's instance: now, but always after
	 * the previous one, so the owner takes a caller's events in the order they were raised even
	 * when two fall in the same microsecond.
	 */
	private Instant clientEventDue() {
		long now = java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, this.clock.instant());
		long due = this.lastClientEventMicros.updateAndGet(last -> Math.max(now, last + 1));
		return Instant.EPOCH.plus(due, java.time.temporal.ChronoUnit.MICROS);
	}

	/**
	 * Runs a client write on an instance whose partition another process holds: on a one-off copy
	 * of the actor that writes through the etag only and asks the owner to reload in the same
	 * write. Retries when a concurrent write got there first.
	 */
	private <R> R onStore(String instanceId, Function<WorkflowActor, R> write) {
		// the copy's save carries the owner's reload request in the same write (see WorkflowActor#save)
		return retryingConflicts(() -> write.apply(new WorkflowActor(instanceId, this, true)));
	}

	// ---- workflow work items

	void enqueue(WorkflowWorkItem item) {
		this.workflowQueue.add(item);
	}

	void enqueue(ActivityWorkItem item) {
		this.activityQueue.add(item);
	}

	@Override
	public WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait) throws InterruptedException {
		WorkflowWorkItem item = this.workflowQueue.poll(maxWait.toMillis(), TimeUnit.MILLISECONDS);
		if (item == null) {
			return null;
		}
		Instant until = this.clock.instant().plus(this.workflowLockTimeout);
		this.leases.put(WorkflowActor.TYPE + '|' + item.instanceId(), new Lease(item.lockToken(), until.toEpochMilli()));
		return new WorkflowWorkItem(item.instanceId(), item.history(), item.newEvents(), item.lockToken(),
				item.attempt(), until);
	}

	@Override
	public void completeWorkflowWorkItem(WorkflowWorkItem item, WorkflowTurnResult result) {
		onWorkflow(item.instanceId(), a -> {
			a.complete(item, result);
			return null;
		});
		if (result.status().isTerminal()) {
			this.workflows.deactivateIf(item.instanceId(), WorkflowActor::idle);
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

	void wakeLater(String instanceId, Duration delay) {
		if (this.running && !this.scheduler.isShutdown()) {
			// rounded up, so the wake-up never arrives before the time it is for
			long micros = Math.max(1, (delay.toNanos() + 999) / 1000);
			this.scheduler.schedule(() -> this.workflows.call(instanceId, a -> {
				a.wake();
				return null;
			}), micros, TimeUnit.MICROSECONDS);
		}
	}

	// ---- activity work items

	@Override
	public ActivityWorkItem nextActivityWorkItem(Duration maxWait) throws InterruptedException {
		ActivityWorkItem item = this.activityQueue.poll(maxWait.toMillis(), TimeUnit.MILLISECONDS);
		if (item == null) {
			return null;
		}
		Instant until = this.clock.instant().plus(this.activityLockTimeout);
		this.leases.put(ActivityActor.TYPE + '|' + ActivityActor.idOf(item.request()),
				new Lease(item.lockToken(), until.toEpochMilli()));
		return new ActivityWorkItem(item.request(), item.lockToken(), item.attempt(), until);
	}

	@Override
	public void completeActivityWorkItem(ActivityWorkItem item, HistoryEvent result) {
		String id = ActivityActor.idOf(item.request());
		onActivity(id, a -> {
			a.complete(item, result);
			return null;
		});
		this.activities.deactivateIf(id, ActivityActor::idle);
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

	void redeliverActivityLater(String id, Duration delay) {
		if (this.running) {
			this.scheduler.schedule(() -> this.activities.call(id, a -> {
				a.dispatch();
				return null;
			}), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
	}

	// ---- leases

	void leaseTaken(String type, String id, Duration timeout) {
		long deadline = this.clock.millis() + timeout.toMillis();
		this.leases.computeIfPresent(type + '|' + id, (k, l) -> new Lease(l.token(), deadline));
	}

	void leaseEnded(String type, String id) {
		this.leases.remove(type + '|' + id);
	}

	private void reapExpiredLeases() {
		long now = this.clock.millis();
		this.leases.forEach((key, lease) -> {
			if (lease.deadlineMillis() < now && this.leases.remove(key, lease)) {
				int bar = key.indexOf('|');
				String type = key.substring(0, bar);
				String id = key.substring(bar + 1);
				log.info("Lease on {} '{}' expired; handing it out again", type, id);
				if (type.equals(WorkflowActor.TYPE)) {
					this.workflows.call(id, a -> {
						a.expireIfStale(lease.token());
						return null;
					});
				}
				else {
					this.activities.call(id, a -> {
						a.expireIfStale(lease.token());
						return null;
					});
				}
			}
		});
	}

	// ---- reminders

	ActorStateStore.Reminder reminder(String ownerType, String ownerId, Instant due, ReminderMessage message) {
		return new ActorStateStore.Reminder(UUID.randomUUID().toString(), ownerType, ownerId, due,
				BackendJson.write(message), partitionOf(message.targetInstanceId()));
	}

	/** Arms reminders for partitions held here; the others wait in the store for their owner. */
	void schedule(List<ActorStateStore.Reminder> reminders) {
		if (!this.running) {
			return;
		}
		Instant now = this.clock.instant();
		for (ActorStateStore.Reminder r : reminders) {
			if (!this.placement.owns(r.partition()) || !this.armed.add(r.id())) {
				continue;
			}
			Duration delay = Duration.between(now, r.dueTime());
			if (delay.isNegative() || delay.isZero()) {
				this.actorPool.execute(() -> deliver(r));
			}
			else {
				// in microseconds rounded up: a reminder never fires before its due time
				long micros = delay.getSeconds() >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE / 2
						: delay.getSeconds() * 1_000_000 + (delay.getNano() + 999) / 1000;
				this.scheduler.schedule(() -> deliver(r), micros, TimeUnit.MICROSECONDS);
			}
		}
	}

	private void deliver(ActorStateStore.Reminder r) {
		if (!this.running) {
			return;
		}
		if (!this.placement.owns(r.partition())) {
			this.armed.remove(r.id()); // the partition moved; its new owner delivers it
			return;
		}
		ReminderMessage m = BackendJson.read(r.payload(), ReminderMessage.class);
		// The receiving turn's save deletes the reminder with the state it changes; a turn that
		// saves nothing leaves it to be deleted here.
		CompletableFuture<Boolean> done;
		if (m.reload()) {
			done = this.workflows.call(m.targetInstanceId(), a -> {
				a.reload();
				return false;
			});
		}
		else if (m.activity() != null) {
			done = this.activities.call(ActivityActor.idOf(m.activity()), a -> {
				a.delivery.begin(r.id());
				try {
					a.create(m.activity());
					return a.delivery.end();
				}
				catch (RuntimeException ex) {
					a.delivery.end();
					throw ex;
				}
			});
		}
		else if (WorkflowActor.isClientEvent(r, m)) {
			// takes in every client event stored for the instance, in order; the save consumes them
			done = this.workflows.call(m.targetInstanceId(), a -> {
				a.drainClientEvents();
				return true;
			});
		}
		else {
			done = this.workflows.call(m.targetInstanceId(), a -> {
				a.delivery.begin(r.id());
				try {
					if (m.create() != null) {
						a.create(m.create(), NewWorkflowOptions.ReusePolicy.IGNORE);
					}
					else {
						a.addEvent(m.event(), m.targetExecutionId(), false);
					}
					return a.delivery.end();
				}
				catch (RuntimeException ex) {
					a.delivery.end();
					throw ex;
				}
			});
		}
		done.whenComplete((consumed, error) -> {
			if (error == null) {
				try {
					if (!consumed) {
						this.store.deleteReminder(r.id());
					}
				}
				finally {
					this.armed.remove(r.id());
				}
			}
			else if (this.running) {
				log.warn("Delivering a reminder to '{}' failed, retrying in 1s: {}", m.targetInstanceId(), error.toString());
				if (!this.scheduler.isShutdown()) {
					this.scheduler.schedule(() -> deliver(r), 1, TimeUnit.SECONDS);
				}
			}
		});
	}

	// ---- queries

	/** Healthy while started and the store answers; the memory store always does. */
	@Override
	public void ping() {
		requireRunning();
		this.store.ping();
	}

	@Override
	public InstanceMetadata getInstance(String instanceId) {
		WorkflowActor.Meta meta = WorkflowActor.readMeta(this.store.get(WorkflowActor.TYPE, instanceId,
				WorkflowActor.STATUS_KEYS));
		return meta == null ? null : meta.instance();
	}

	@Override
	public List<HistoryEvent> getHistory(String instanceId) {
		ActorStateStore.ActorState state = this.store.load(WorkflowActor.TYPE, instanceId);
		WorkflowActor.Meta meta = WorkflowActor.readMeta(state.values());
		if (meta == null) {
			return List.of();
		}
		List<HistoryEvent> events = new ArrayList<>(meta.historyLength());
		for (int i = 0; i < meta.historyLength(); i++) {
			events.add(BackendJson.read(state.values().get("h" + i), HistoryEvent.class));
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
		this.store.scan(WorkflowActor.TYPE, WorkflowActor.META, null).values().forEach(json -> {
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
				WorkflowActor.Meta full = WorkflowActor.readMeta(this.store.get(WorkflowActor.TYPE, m.instanceId(),
						WorkflowActor.STATUS_KEYS));
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

	@Override
	public boolean purgeInstance(String instanceId) {
		boolean purged = clientWrite(instanceId, WorkflowActor::purge, () -> onStore(instanceId, WorkflowActor::purge));
		this.workflows.deactivateIf(instanceId, WorkflowActor::idle); // nothing to do unless it ran here
		return purged;
	}

}
