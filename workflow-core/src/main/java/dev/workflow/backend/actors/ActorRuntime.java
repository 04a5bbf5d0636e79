package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowWorkItem;

/**
 * The running actors of one backend: the two actor hosts on a bounded pool, placement (which
 * partitions this process runs), the reminder scheduler, the queues of work items actors hand out
 * and the leases of those handed to workers. It is what actors see of the backend, through
 * {@link ActorEnvironment}; the backend routes client calls and work-item verbs to it.
 */
final class ActorRuntime implements ActorEnvironment {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

	private final ActorStateStore store;

	private final Clock clock;

	private final Duration workflowLockTimeout;

	private final Duration activityLockTimeout;

	private final int partitionCount;

	private final Duration partitionLeaseTimeout;

	private final Duration reminderPollInterval;

	private final WorkQueue<WorkflowWorkItem> workflowQueue = new WorkQueue<>();

	private final WorkQueue<ActivityWorkItem> activityQueue = new WorkQueue<>();

	private final WorkLeases leases;

	private final UnservedWork unserved = new UnservedWork();

	/** Wake-ups and redeliveries waiting on a wall-time delay: work that is not due yet but will be. */
	private final AtomicInteger delayedWork = new AtomicInteger();

	private final AppPartitions apps;

	private Placement placement;

	private ExecutorService actorPool;

	private ScheduledExecutorService timers;

	private ReminderScheduler reminders;

	private ActorHost<WorkflowActor> workflows;

	private ActorHost<ActivityActor> activities;

	private volatile boolean running;

	ActorRuntime(ActorStateStore store, Clock clock, Duration workflowLockTimeout, Duration activityLockTimeout,
			int partitionCount, Duration partitionLeaseTimeout, Duration reminderPollInterval) {
		this.store = store;
		this.clock = clock;
		this.workflowLockTimeout = workflowLockTimeout;
		this.activityLockTimeout = activityLockTimeout;
		this.partitionCount = partitionCount;
		this.partitionLeaseTimeout = partitionLeaseTimeout;
		this.reminderPollInterval = reminderPollInterval;
		this.leases = new WorkLeases(clock);
		this.apps = new AppPartitions(store);
	}

	void start() {
		// placement first: a store that cannot be reached fails the start before any thread runs
		this.placement = this.store.partitions()
			.map(table -> Placement.leased(table, this.partitionCount, this.partitionLeaseTimeout,
					this.reminderPollInterval, this.clock))
			.orElseGet(() -> Placement.local(this.partitionCount));
		// a durable store blocks an actor turn on its database round trips: more turns in parallel
		int cores = Runtime.getRuntime().availableProcessors();
		int threads = this.store.isDurable() ? Math.max(8, cores * 4) : Math.max(4, cores * 2);
		this.actorPool = Executors.newFixedThreadPool(threads, daemon("workflow-actor-"));
		this.timers = Executors.newScheduledThreadPool(1, daemon("workflow-reminders-"));
		this.reminders = new ReminderScheduler(this, this.actorPool, this.timers);
		this.workflows = new ActorHost<>(id -> new WorkflowActor(id, this), this.actorPool);
		this.activities = new ActorHost<>(id -> new ActivityActor(id, this), this.actorPool);
		long reap = Math.max(50, Math.min(1000, Math.min(this.workflowLockTimeout.toMillis(),
				this.activityLockTimeout.toMillis()) / 4));
		this.timers.scheduleWithFixedDelay(this::reapExpiredLeases, reap, reap, TimeUnit.MILLISECONDS);
		this.running = true;
		this.placement.start(new PartitionRecovery(this, this.store, this.apps, this.clock, this.reminderPollInterval));
	}

	void stop() {
		this.running = false;
		this.timers.shutdownNow();
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
		this.reminders.clear();
		this.unserved.clear();
		this.delayedWork.set(0);
	}

	static ThreadFactory daemon(String prefix) {
		AtomicInteger n = new AtomicInteger();
		return r -> {
			Thread t = new Thread(r, prefix + n.getAndIncrement());
			t.setDaemon(true);
			return t;
		};
	}

	boolean isRunning() {
		return this.running;
	}

	void requireRunning() {
		if (!this.running) {
			throw new IllegalStateException("The actors workflow backend is not running; start the WorkflowRuntime first");
		}
	}

	ActorHost<WorkflowActor> workflows() {
		return this.workflows;
	}

	ActorHost<ActivityActor> activities() {
		return this.activities;
	}

	boolean ownsPartition(int partition) {
		return this.placement.owns(partition);
	}

	Set<Integer> heldPartitions() {
		return this.placement.held();
	}

	/** Runs a turn on a workflow actor and waits for it. */
	<R> R onWorkflow(String instanceId, Function<WorkflowActor, R> turn) {
		requireRunning();
		return await(this.workflows.call(instanceId, turn));
	}

	/** Runs a turn on an activity actor and waits for it. */
	<R> R onActivity(String id, Function<ActivityActor, R> turn) {
		requireRunning();
		return await(this.activities.call(id, turn));
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

	// ---- work items and their leases

	/** The next workflow work item an actor handed out, leased to the caller from now. */
	WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		polledBy(capabilities);
		// leased while the queue is locked, so time skipping never finds the item neither queued nor leased
		Instant[] until = new Instant[1];
		WorkflowWorkItem item = this.workflowQueue.take(w -> WorkflowKeys.runnableBy(w, capabilities), maxWait, w -> {
			until[0] = this.clock.instant().plus(this.workflowLockTimeout);
			this.leases.handedOut(new LeaseKey(WorkflowActor.TYPE, w.instanceId()), w.lockToken(), until[0]);
		});
		if (item == null) {
			return null;
		}
		return new WorkflowWorkItem(item.instanceId(), item.history(), item.newEvents(), item.lockToken(),
				item.attempt(), until[0]);
	}

	/** The next activity work item an actor handed out, leased to the caller from now. */
	ActivityWorkItem nextActivityWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		polledBy(capabilities);
		Instant[] until = new Instant[1];
		ActivityWorkItem item = this.activityQueue.take(
				a -> capabilities.canRunActivity(a.request().appId(), a.request().name()), maxWait, a -> {
					until[0] = this.clock.instant().plus(this.activityLockTimeout);
					this.leases.handedOut(new LeaseKey(ActivityActor.TYPE, ActivityActor.idOf(a.request())),
							a.lockToken(), until[0]);
				});
		if (item == null) {
			return null;
		}
		return new ActivityWorkItem(item.request(), item.lockToken(), item.attempt(), until[0]);
	}

	/** A worker polls: from now on this process hosts the actors of its app (see {@link AppPartitions}). */
	private void polledBy(WorkerCapabilities capabilities) {
		this.unserved.polledBy(capabilities);
		if (!capabilities.takesAll()) {
			this.placement.host(capabilities.appId());
		}
	}

	/**
	 * Records the app of an instance about to be created here, which chooses its partition.
	 * @return what was known before, for {@link #restoreApp} if the create does not happen
	 */
	Integer knowApp(String instanceId, String appId) {
		return this.apps.know(instanceId, appId);
	}

	/** Puts back what {@link #knowApp} replaced: an instance that existed keeps its own app. */
	void restoreApp(String instanceId, Integer previous) {
		this.apps.restore(instanceId, previous);
	}

	/** Forgets the cached app of an instance that is gone. */
	void forgetApp(String instanceId) {
		this.apps.forget(instanceId);
	}

	private void reapExpiredLeases() {
		this.leases.reapExpired((key, token) -> {
			if (key.isWorkflow()) {
				this.workflows.call(key.actorId(), a -> {
					a.expireIfStale(token);
					return null;
				});
			}
			else {
				this.activities.call(key.actorId(), a -> {
					a.expireIfStale(token);
					return null;
				});
			}
		});
	}

	/** Whether nothing is queued, handed out, running, delayed or due before the next timer (TimeSkipping). */
	boolean isQuiet() {
		boolean idle = this.running && this.workflowQueue.isEmpty() && this.activityQueue.isEmpty()
				&& this.leases.isEmpty() && !this.workflows.hasPendingTurns() && !this.activities.hasPendingTurns()
				&& this.delayedWork.get() == 0;
		Instant next = idle ? nextReminderDue() : null; // one due by now is a message on its way
		return idle && (next == null || next.isAfter(this.clock.instant()));
	}

	/** The due time of the earliest reminder of the partitions held here, or null. */
	Instant nextReminderDue() {
		List<ActorStateStore.Reminder> pending = this.store.loadReminders(this.placement.held(), null);
		return pending.isEmpty() ? null : pending.get(0).dueTime();
	}

	/** The clock moves forward (tests): leases keep their time left, reminders are armed again. */
	void clockMoved(Duration by, boolean before) {
		if (before) {
			this.leases.extendAll(by);
			return;
		}
		if (this.running) { // then also those a poll has not armed yet (a shared store's beyond the interval)
			this.reminders.clockMoved();
			schedule(this.store.loadReminders(this.placement.held(), this.clock.instant().plus(this.reminderPollInterval)));
		}
	}

	// ---- the environment actors see

	@Override
	public ActorStateStore store() {
		return this.store;
	}

	@Override
	public Clock clock() {
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
	public boolean owns(String actorId) {
		return this.placement.owns(partitionOf(actorId));
	}

	/**
	 * The partition of an actor: in its app's range on a shared store (see {@link AppPartitions});
	 * a private store runs every actor here, so its partitions ignore apps.
	 */
	@Override
	public int partitionOf(String actorId) {
		int partition = this.placement.partitionOf(actorId);
		return this.placement.isLocal() ? partition : this.apps.baseOf(actorId) + partition;
	}

	@Override
	public ActorStateStore.Fence fence(String actorId) {
		return this.placement.fence(partitionOf(actorId));
	}

	@Override
	public ActorStateStore.Reminder reminder(String ownerType, String ownerId, Instant due, ReminderMessage message) {
		// the reminder goes to the partition of the actor that receives it, in that actor's app
		String target = message.targetInstanceId();
		if (message.activity() != null) {
			target = ActivityActor.idOf(message.activity());
		}
		else if (message.create() != null) {
			knowApp(target, message.create().appId());
		}
		return new ActorStateStore.Reminder(UUID.randomUUID().toString(), ownerType, ownerId, due,
				BackendJson.write(message), partitionOf(target));
	}

	@Override
	public void schedule(List<ActorStateStore.Reminder> reminders) {
		if (this.running) {
			this.reminders.schedule(reminders);
		}
	}

	@Override
	public void enqueue(WorkflowWorkItem item) {
		this.unserved.queued(item);
		this.workflowQueue.add(item, this.unserved.mixed());
	}

	@Override
	public void enqueue(ActivityWorkItem item) {
		this.unserved.queued(item.request());
		this.activityQueue.add(item, this.unserved.mixed());
	}

	@Override
	public void leaseTaken(String actorType, String actorId, Duration timeout) {
		this.leases.renewed(new LeaseKey(actorType, actorId), timeout);
	}

	@Override
	public void leaseEnded(String actorType, String actorId) {
		this.leases.ended(new LeaseKey(actorType, actorId));
	}

	@Override
	public void wakeLater(String instanceId, Duration delay) {
		if (this.running && !this.timers.isShutdown()) {
			// rounded up, so the wake-up never arrives before the time it is for
			long micros = Math.max(1, (delay.toNanos() + 999) / 1000);
			this.delayedWork.incrementAndGet();
			this.timers.schedule(() -> delayed(() -> this.workflows.call(instanceId, a -> {
				a.wake();
				return null;
			})), micros, TimeUnit.MICROSECONDS);
		}
	}

	@Override
	public void redeliverActivityLater(String activityId, Duration delay) {
		if (this.running) {
			this.delayedWork.incrementAndGet();
			this.timers.schedule(() -> delayed(() -> this.activities.call(activityId, a -> {
				a.dispatch();
				return null;
			})), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
	}

	/** Runs delayed work; the turn it sends counts as pending before the delay stops counting. */
	private void delayed(Runnable send) {
		send.run(); // ActorHost.call only queues: it does not throw
		this.delayedWork.decrementAndGet();
	}

}
