package dev.workflow.grpc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.WorkflowStarted;

/**
 * Hands a backend's work to the remote workers connected over gRPC, whatever the protocol flavour.
 *
 * <p>Work is claimed only while a connected worker has room for it: with no worker connected,
 * nothing is claimed and work waits in the backend (visible to any other process's workers). A
 * claimed item is written to one worker's stream and stays leased to this process while it is out;
 * the hub renews its lease until the worker completes it. When a stream closes (the worker stopped,
 * crashed or lost the network), the items out on it are abandoned at once and go to the next worker.
 *
 * <p>Completions are matched by completion token when the worker sends one, else by instance id
 * (turns) or instance id and task id (activities): the Microsoft durabletask 1.5 worker sends no
 * token, and a turn is out at most once per instance because the backend leases instances.
 *
 * <p>The hub claims with {@link WorkerCapabilities} of the {@link WorkerCapabilities.Scope#UNREGISTERED
 * unregistered} scope, so in an app that also runs its own workflows ({@link WorkflowRuntime#shareWork()})
 * the names registered locally run locally and all other names go to the streams.
 */
public final class WorkerHub implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WorkerHub.class);

	/**
	 * Claiming threads per kind of work: a claim is a backend round trip (a transaction on the SQL
	 * backends), so one thread per kind capped the endpoint at one claim per round trip while the
	 * workers sat idle; as many as the engine's own workflow workers keeps them fed.
	 */
	static final int DISPATCHERS_PER_KIND = 4;

	private final WorkflowBackend backend;

	private final Supplier<WorkerCapabilities> capabilitiesSource;

	private final Clock clock;

	private final int defaultMaxItems;

	private final TurnApplier applier;

	private final CopyOnWriteArrayList<WorkerSlot> slots = new CopyOnWriteArrayList<>();

	private final Deliveries deliveries = new Deliveries();

	private final CommitSignals signals;

	private final AtomicInteger nextWorkerSlot = new AtomicInteger();

	private final Object capacity = new Object();

	private volatile WorkerCapabilities capabilities;

	private volatile boolean running;

	/** How many endpoints started the hub and have not stopped it. */
	private int users;

	private List<Thread> dispatchers = List.of();

	private ScheduledExecutorService renewer;

	/**
	 * Creates a hub.
	 * @param backend the backend to claim from
	 * @param capabilities what remote workers take, asked once at each start (after the app's own
	 * names are registered)
	 * @param clock the clock for turn times and result timestamps
	 * @param defaultMaxItems items of each kind per worker when the worker does not say
	 * @param maxPayloadBytes the payload limit for what workers send: a larger activity result fails
	 * the call, a larger output fails the run, a larger custom status is not stored
	 */
	public WorkerHub(WorkflowBackend backend, Supplier<WorkerCapabilities> capabilities, Clock clock,
			int defaultMaxItems, long maxPayloadBytes) {
		this.backend = Objects.requireNonNull(backend, "backend");
		this.capabilitiesSource = Objects.requireNonNull(capabilities, "capabilities");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.defaultMaxItems = defaultMaxItems;
		this.applier = new TurnApplier(clock, maxPayloadBytes);
		this.signals = CommitSignals.of(backend);
	}

	/**
	 * A hub for a runtime's backend that takes the names the runtime does not register (see
	 * {@link WorkflowRuntime#shareWork()}). Create it before the runtime starts.
	 * @param runtime the runtime
	 * @param defaultMaxItems items of each kind per worker when the worker does not say
	 * @param maxPayloadBytes the payload limit, as the runtime's ({@code dapr.workflow.max-payload-size})
	 * @return the hub, not started
	 */
	public static WorkerHub forRuntime(WorkflowRuntime runtime, int defaultMaxItems, long maxPayloadBytes) {
		// shared at once, so that the runtime's workers (if it starts after this) never take remote names;
		// asked again at the hub's start for the names registered meanwhile
		runtime.shareWork();
		return new WorkerHub(runtime.backend(), runtime::shareWork, Clock.systemUTC(), defaultMaxItems, maxPayloadBytes);
	}

	/**
	 * Starts claiming for connected workers. Endpoints that share the hub (one per protocol flavour)
	 * each start it; it runs until each has stopped it. A stopped hub starts again.
	 */
	public synchronized void start() {
		this.users++;
		if (this.running) {
			return;
		}
		this.capabilities = this.signals.hubStarted(this.capabilitiesSource.get());
		this.running = true;
		List<Thread> loops = new ArrayList<>();
		for (int i = 0; i < DISPATCHERS_PER_KIND; i++) {
			loops.add(thread("workflow-dispatcher-" + i, () -> claimLoop(true)));
			loops.add(thread("activity-dispatcher-" + i, () -> claimLoop(false)));
		}
		this.dispatchers = List.copyOf(loops);
		this.dispatchers.forEach(Thread::start);
		Duration every = Deliveries.renewalInterval(this.backend);
		this.renewer = Executors.newSingleThreadScheduledExecutor(r -> thread("lease-renewer", r));
		this.renewer.scheduleWithFixedDelay(() -> this.deliveries.renewAll(this.backend, this::signalCapacity), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
		log.info("Workflow gRPC worker hub started: remote workers take {}", describe(this.capabilities));
	}

	/**
	 * Stops claiming, once every endpoint that started the hub has stopped it, and gives back every
	 * item out on a stream (they go to other workers after the restart, or to other processes).
	 * Connected streams stay registered until their flavour disconnects them.
	 */
	public synchronized void stop() {
		this.users = Math.max(0, this.users - 1);
		if (!this.running || this.users > 0) {
			return;
		}
		this.running = false;
		synchronized (this.capacity) {
			this.capacity.notifyAll();
		}
		for (Thread t : this.dispatchers) {
			t.interrupt();
			try {
				t.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.renewer.shutdownNow();
		for (WorkerSlot slot : this.slots) {
			giveBack(slot);
		}
	}

	/** Stops the hub whatever endpoints still use it. */
	@Override
	public synchronized void close() {
		this.users = 1;
		stop();
	}

	/**
	 * Registers a connected worker; work is handed to it from now on.
	 * @param connection the worker's stream
	 * @return the handle to {@link #disconnect} it with
	 */
	public Object connect(WorkerConnection connection) {
		WorkerSlot slot = new WorkerSlot(connection, limit(connection.maxTurns()), limit(connection.maxActivities()));
		this.slots.add(slot);
		signalCapacity();
		log.debug("Remote worker connected ({} connected)", this.slots.size());
		return slot;
	}

	/**
	 * Unregisters a worker whose stream closed, and abandons every item out on it, so that each goes
	 * to another worker at once.
	 * @param handle what {@link #connect} returned
	 */
	public void disconnect(Object handle) {
		if (handle instanceof WorkerSlot slot && this.slots.remove(slot)) {
			giveBack(slot);
			log.debug("Remote worker disconnected ({} connected)", this.slots.size());
		}
	}

	/**
	 * How many workers are connected.
	 * @return the number of open streams
	 */
	public int connectedWorkers() {
		return this.slots.size();
	}

	/**
	 * Commits a turn a remote worker completed.
	 * @param instanceId the instance the worker names
	 * @param completionToken the work item's token, or null/empty when the worker sends none
	 * @param actions the worker's actions, mapped by the flavour
	 * @param customStatus the JSON custom status, or null
	 * @throws UnknownWorkItemException if no such turn is out (already completed, abandoned, or its
	 * lease lost)
	 * @throws dev.workflow.backend.WorkItemLockLostException if the lease was lost meanwhile; nothing is changed
	 */
	public void completeTurn(String instanceId, String completionToken, List<TurnAction> actions, String customStatus) {
		Deliveries.Turn out = this.deliveries.takeTurn(instanceId, completionToken);
		release(out.slot(), true);
		this.backend.completeWorkflowWorkItem(out.item(), this.applier.apply(out.turn(), actions, customStatus));
		this.signals.signal(out.turn().instanceId());
	}

	/**
	 * Commits an activity call's result.
	 * @param instanceId the calling instance
	 * @param taskId the call's task id
	 * @param completionToken the work item's token, or null/empty when the worker sends none
	 * @param result the JSON result when it succeeded
	 * @param failure the failure, or null when it succeeded
	 * @throws UnknownWorkItemException if no such call is out
	 * @throws dev.workflow.backend.WorkItemLockLostException if the lease was lost meanwhile; nothing is changed
	 */
	public void completeActivity(String instanceId, int taskId, String completionToken, String result,
			FailureDetails failure) {
		Deliveries.Activity out = this.deliveries.takeActivity(instanceId, taskId, completionToken);
		release(out.slot(), false);
		this.backend.completeActivityWorkItem(out.item(),
				this.applier.activityOutcome(taskId, out.call().request().name(), result, failure));
	}

	/**
	 * Gives a turn back at a worker's request; it is handed out again at once.
	 * @param completionToken the work item's token
	 * @throws UnknownWorkItemException if no such turn is out
	 */
	public void abandonTurn(String completionToken) {
		Deliveries.Turn out = this.deliveries.takeTurn(null, completionToken);
		release(out.slot(), true);
		this.backend.abandonWorkflowWorkItem(out.item(), Duration.ZERO);
	}

	/**
	 * Gives an activity call back at a worker's request; it is handed out again at once.
	 * @param completionToken the work item's token
	 * @throws UnknownWorkItemException if no such call is out
	 */
	public void abandonActivity(String completionToken) {
		Deliveries.Activity out = this.deliveries.takeActivity(null, 0, completionToken);
		release(out.slot(), false);
		this.backend.abandonActivityWorkItem(out.item(), Duration.ZERO);
	}

	// ---- dispatching

	/**
	 * One claiming loop: reserves a place on a worker with room, then claims an item for it, so that
	 * nothing is claimed that no worker can take. Several loops per kind claim in parallel.
	 */
	private void claimLoop(boolean turns) {
		while (this.running) {
			WorkerSlot slot = null;
			try {
				slot = reserve(turns);
				if (slot == null) {
					continue;
				}
				slot = (turns ? claimTurn(slot) : claimActivity(slot)) ? null : slot;
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Claiming {} for remote workers failed; retrying", turns ? "a workflow turn" : "an activity call", ex);
				pause();
			}
			finally {
				if (slot != null) {
					release(slot, turns);
				}
			}
		}
	}

	/** Waits until a connected worker has room and takes one place on it; null when the hub stops. */
	private WorkerSlot reserve(boolean turns) throws InterruptedException {
		synchronized (this.capacity) {
			while (this.running) {
				WorkerSlot slot = pick(turns);
				if (slot != null) {
					return slot;
				}
				// woken by every freed place, new worker and stop; the timeout only bounds a missed signal
				this.capacity.wait(EndpointSettings.CLAIM_WAIT.toMillis());
			}
		}
		return null;
	}

	/** Claims a turn for the reserved place and sends it; false if nothing used the place. */
	private boolean claimTurn(WorkerSlot slot) throws InterruptedException {
		WorkflowWorkItem item = this.backend.nextWorkflowWorkItem(EndpointSettings.CLAIM_WAIT, this.capabilities);
		if (item == null) {
			return false;
		}
		WorkflowTurnCommit local = this.applier.withoutWorker(item.history(), item.newEvents());
		if (local != null) {
			// nothing for a worker to decide (the run ended, or has not started): done here
			this.backend.completeWorkflowWorkItem(item, local);
			this.signals.signal(item.instanceId());
			return false;
		}
		List<HistoryEvent> newEvents = new ArrayList<>(item.newEvents().size() + 1);
		newEvents.add(new WorkflowStarted(this.clock.instant()));
		newEvents.addAll(item.newEvents());
		String executionId = TurnApplier.startOf(item.history(), item.newEvents()).executionId();
		WorkflowTurn turn = new WorkflowTurn(item.instanceId(), executionId, item.history(), newEvents,
				UUID.randomUUID().toString());
		this.deliveries.putTurn(new Deliveries.Turn(turn, item, slot));
		try {
			slot.connection().sendTurn(turn);
		}
		catch (RuntimeException ex) {
			// the stream closed under us: the turn goes to another worker
			disconnect(slot);
		}
		if (!this.slots.contains(slot) && this.deliveries.removeTurn(turn.completionToken()) != null) {
			// the worker left while this item was being claimed, after its items were given back
			release(slot, true);
			quietly(() -> this.backend.abandonWorkflowWorkItem(item, Duration.ZERO));
		}
		return true;
	}

	/** Claims an activity call for the reserved place and sends it; false if nothing was claimed. */
	private boolean claimActivity(WorkerSlot slot) throws InterruptedException {
		ActivityWorkItem item = this.backend.nextActivityWorkItem(EndpointSettings.CLAIM_WAIT, this.capabilities);
		if (item == null) {
			return false;
		}
		ActivityCall call = new ActivityCall(item.request(), item.attempt(), UUID.randomUUID().toString());
		this.deliveries.putActivity(new Deliveries.Activity(call, item, slot));
		try {
			slot.connection().sendActivity(call);
		}
		catch (RuntimeException ex) {
			disconnect(slot);
		}
		if (!this.slots.contains(slot) && this.deliveries.removeActivity(call.completionToken()) != null) {
			release(slot, false);
			quietly(() -> this.backend.abandonActivityWorkItem(item, Duration.ZERO));
		}
		return true;
	}

	/** A worker with room, taking one place; round robin so that workers share the load. */
	private WorkerSlot pick(boolean turns) {
		List<WorkerSlot> all = this.slots;
		int n = all.size();
		int start = Math.floorMod(this.nextWorkerSlot.getAndIncrement(), Math.max(n, 1));
		for (int i = 0; i < n; i++) {
			WorkerSlot s = all.get((start + i) % n);
			if (s.tryTake(turns)) {
				return s;
			}
		}
		return null;
	}

	private void release(WorkerSlot slot, boolean turn) {
		slot.release(turn);
		signalCapacity();
	}

	private void signalCapacity() {
		synchronized (this.capacity) {
			this.capacity.notifyAll();
		}
	}

	/** Abandons everything out on a worker's stream. */
	private void giveBack(WorkerSlot slot) {
		for (Deliveries.Turn t : this.deliveries.turnsOf(slot)) {
			if (this.deliveries.removeTurn(t.turn().completionToken()) != null) {
				slot.release(true);
				quietly(() -> this.backend.abandonWorkflowWorkItem(t.item(), Duration.ZERO));
			}
		}
		for (Deliveries.Activity a : this.deliveries.activitiesOf(slot)) {
			if (this.deliveries.removeActivity(a.call().completionToken()) != null) {
				slot.release(false);
				quietly(() -> this.backend.abandonActivityWorkItem(a.item(), Duration.ZERO));
			}
		}
		signalCapacity();
	}

	private int limit(int asked) {
		return asked > 0 ? asked : this.defaultMaxItems;
	}

	private static void quietly(Runnable r) {
		try {
			r.run();
		}
		catch (RuntimeException ex) {
			log.debug("Giving a work item back failed; its lease expires instead", ex);
		}
	}

	private void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Thread thread(String kind, Runnable loop) {
		Thread t = new Thread(loop, "workflow-grpc-" + kind);
		t.setDaemon(true);
		return t;
	}

	private static String describe(WorkerCapabilities c) {
		return "work " + (c.appId() == null ? "that names no app" : "of app '" + c.appId() + "' or no app")
				+ ", except workflows " + c.workflowNames() + " and activities " + c.activityNames() + " (run locally)";
	}

}
