package dev.workflow.engine;

import java.time.Clock;
import java.time.Duration;

import dev.workflow.DataConverter;
import dev.workflow.WorkflowClient;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowBackend;

/**
 * The running parts of a runtime: the workers, the lease renewer and the client, on one backend.
 * {@link dev.workflow.WorkflowRuntime} is the public face of this class.
 */
public final class WorkflowEngine {

	/**
	 * Engine settings.
	 * @param maxPayloadBytes payload size limit
	 * @param workflowThreads threads running workflow turns
	 * @param activityThreads threads running activities
	 * @param maxWorkItemAttempts attempts before a turn that fails to process ends its instance FAILED
	 * @param inlineActivities whether a workflow worker runs the fast activities its turn scheduled
	 * before committing the turn
	 * @param stuckWorkerTimeout how long one item may hold every worker of a pool before
	 * {@link #workerProblem()} reports the pool as unable to make progress
	 */
	public record Settings(long maxPayloadBytes, int workflowThreads, int activityThreads, int maxWorkItemAttempts,
			boolean inlineActivities, Duration stuckWorkerTimeout) {

		/** How long one item may hold every worker of a pool before health reports the pool stuck. */
		public static final Duration DEFAULT_STUCK_WORKER_TIMEOUT = Duration.ofMinutes(5);

		/**
		 * Settings with the default stuck-worker timeout.
		 * @param maxPayloadBytes payload size limit
		 * @param workflowThreads threads running workflow turns
		 * @param activityThreads threads running activities
		 * @param maxWorkItemAttempts attempts before a turn that fails to process ends its instance FAILED
		 * @param inlineActivities whether a workflow worker runs the fast activities its turn scheduled
		 */
		public Settings(long maxPayloadBytes, int workflowThreads, int activityThreads, int maxWorkItemAttempts,
				boolean inlineActivities) {
			this(maxPayloadBytes, workflowThreads, activityThreads, maxWorkItemAttempts, inlineActivities,
					DEFAULT_STUCK_WORKER_TIMEOUT);
		}

		/**
		 * Settings with inline activities on.
		 * @param maxPayloadBytes payload size limit
		 * @param workflowThreads threads running workflow turns
		 * @param activityThreads threads running activities
		 * @param maxWorkItemAttempts attempts before a turn that fails to process ends its instance FAILED
		 */
		public Settings(long maxPayloadBytes, int workflowThreads, int activityThreads, int maxWorkItemAttempts) {
			this(maxPayloadBytes, workflowThreads, activityThreads, maxWorkItemAttempts, true);
		}

	}

	private final WorkflowBackend backend;

	private final LeaseRenewer renewer = new LeaseRenewer();

	private final InstanceWaiters waiters = new InstanceWaiters();

	private final WorkflowWorker workflowWorker;

	private final ActivityWorker activityWorker;

	private final DefaultWorkflowClient client;

	private final Duration stuckWorkerTimeout;

	private final WorkerScope scope;

	private final Settings settings;

	private boolean started;

	private final WorkflowRegistry registry;

	private final StalledRetries stalledRetries;

	/**
	 * Creates an engine; nothing runs until {@link #start()}.
	 * @param backend the backend
	 * @param registry the workflows and activities
	 * @param converter the payload converter
	 * @param settings the settings
	 * @param clock the clock
	 * @param listeners the execution listeners
	 */
	public WorkflowEngine(WorkflowBackend backend, WorkflowRegistry registry, DataConverter converter,
			Settings settings, Clock clock, Listeners listeners) {
		this(backend, registry, converter, settings, clock, listeners, null);
	}

	/**
	 * Creates an engine for an app; nothing runs until {@link #start()}. Its workers claim only work
	 * for this app (or for any app) whose names are registered here.
	 * @param backend the backend
	 * @param registry the workflows and activities
	 * @param converter the payload converter
	 * @param settings the settings
	 * @param clock the clock
	 * @param listeners the execution listeners
	 * @param appId this runtime's app id, or null for none
	 */
	public WorkflowEngine(WorkflowBackend backend, WorkflowRegistry registry, DataConverter converter,
			Settings settings, Clock clock, Listeners listeners, String appId) {
		this.backend = backend;
		this.registry = registry;
		this.stalledRetries = new StalledRetries(backend, registry, clock);
		this.scope = new WorkerScope(appId, registry);
		this.settings = settings;
		this.stuckWorkerTimeout = settings.stuckWorkerTimeout();
		RunningActivities running = new RunningActivities();
		WorkflowExecutor executor = new WorkflowExecutor(registry, converter, settings.maxPayloadBytes(), clock,
				running::interrupt);
		this.activityWorker = new ActivityWorker(backend, registry, converter, settings.maxPayloadBytes(),
				this.renewer, clock, settings.activityThreads(), listeners, running, this.scope);
		this.workflowWorker = new WorkflowWorker(backend, executor, this.renewer, settings.workflowThreads(),
				settings.maxWorkItemAttempts(), this.waiters::signal, listeners,
				settings.inlineActivities() ? this.activityWorker : null, settings.activityThreads(), this.scope);
		this.client = new DefaultWorkflowClient(backend, converter, settings.maxPayloadBytes(), this.waiters, clock,
				listeners, registry, appId);
	}

	/**
	 * Leaves the workflow and activity names not registered with this engine to workers outside it
	 * (the SDK workers of the gRPC endpoint); see {@link dev.workflow.WorkflowRuntime#shareWork()}.
	 * Called before {@link #start()}: a claim already waiting when it is called may still take one
	 * item by the old rule.
	 * @return what the outside workers take
	 */
	public WorkerCapabilities shareWork() {
		return this.scope.share();
	}

	/**
	 * Starts the backend and the workers, logs (INFO) what is registered, then asks stalled
	 * instances to retry (this runtime may have the version they wait for). Idempotent; a stopped
	 * engine starts again (a Spring context stop and start) and logs again.
	 * @throws dev.workflow.WorkflowDefinitionException if a workflow name has several versions and
	 * not exactly one marked latest
	 */
	public synchronized void start() {
		if (!this.started) {
			this.registry.checkVersions();
			this.renewer.open(); // a stop() closed it
			this.scope.refresh(); // names registered after the engine was built count
			this.backend.start();
			this.workflowWorker.start();
			this.activityWorker.start();
			this.started = true;
			StartupLog.started(this.backend.getClass().getSimpleName(), this.registry, this.settings.workflowThreads(),
					this.settings.activityThreads());
			this.stalledRetries.start();
		}
	}

	/**
	 * Stops taking work, lets running work finish up to the drain timeout, then stops the backend.
	 * Idempotent.
	 * @param drain how long to wait for running work
	 */
	public synchronized void stop(Duration drain) {
		if (this.started) {
			this.started = false;
			this.stalledRetries.stop();
			long t0 = System.nanoTime();
			this.workflowWorker.stop(drain);
			Duration left = drain.minusNanos(System.nanoTime() - t0);
			this.activityWorker.stop(left.isNegative() ? Duration.ZERO : left);
			this.backend.stop();
		}
		this.renewer.close();
	}

	/**
	 * Whether the engine runs.
	 * @return true between start and stop
	 */
	public synchronized boolean isRunning() {
		return this.started;
	}

	/**
	 * Why the workers cannot make progress, if they cannot: every worker of a pool has been busy
	 * with one item for longer than the stuck-worker timeout, or a worker thread died and could
	 * not be replaced. Cheap (no backend call), for health checks.
	 * @return the reason, or null when both pools can make progress or the engine is not running
	 */
	public String workerProblem() {
		String workflows = this.workflowWorker.problem(this.stuckWorkerTimeout);
		String activities = this.activityWorker.problem(this.stuckWorkerTimeout);
		if (workflows == null) {
			return activities;
		}
		return activities == null ? workflows : workflows + "; " + activities;
	}

	/**
	 * The client.
	 * @return the client
	 */
	public WorkflowClient client() {
		return this.client;
	}

}
