package dev.workflow;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.engine.Listeners;
import dev.workflow.engine.Payloads;
import dev.workflow.engine.WorkflowEngine;
import dev.workflow.engine.WorkflowRegistry;
import dev.workflow.operations.SystemWorkflows;

/**
 * Runs workflows and activities on a backend, without Spring (the package documentation has an
 * example). Without {@link Builder#backend(WorkflowBackend)} the runtime uses the {@code actors}
 * backend with the in-memory state store, which keeps nothing across restarts.
 */
public final class WorkflowRuntime implements AutoCloseable {

	private final WorkflowEngine engine;
	private final WorkflowBackend backend;
	private final Duration shutdownTimeout;

	private final WorkflowRegistry registry;

	private final SystemWorkflows system;

	private WorkflowRuntime(Builder b) {
		this.registry = b.registry;
		this.backend = b.backend != null ? b.backend
				: WorkflowBackends.create("actors", BackendConfiguration.empty(), b.backendContext());
		this.shutdownTimeout = b.shutdownTimeout;
		this.engine = new WorkflowEngine(this.backend, b.registry, b.converter, new WorkflowEngine.Settings(
				b.maxPayloadBytes, b.maxConcurrentWorkflows, b.maxConcurrentActivities, b.maxWorkItemAttempts,
				b.inlineActivities, b.stuckWorkerTimeout), b.clock, new Listeners(b.listeners), b.appId);
		this.engine.activityThreadFactory(b.activityThreadFactory);
		this.system = new SystemWorkflows(this, b.converter, b.retention);
	}

	/**
	 * Starts configuring a runtime.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Registers a workflow after the runtime was built, before it starts (as the Spring integration does).
	 * @param name the name
	 * @param function the code
	 * @param inputType the input type
	 * @param source where it was declared, for error messages
	 * @throws WorkflowDefinitionException if the name is taken, naming both declarations
	 */
	public void registerWorkflow(String name, WorkflowFunction<?, ?> function, Type inputType, String source) {
		registerWorkflow(name, null, false, function, inputType, source);
	}

	/**
	 * Registers one version of a workflow after the runtime was built, before it starts (what the
	 * Spring integration does for {@code @Workflow(version = ..., latest = ...)}).
	 * @param name the name
	 * @param version the version, or null for none
	 * @param latest whether new instances take this version (see {@link Workflow#latest()})
	 * @param function the code
	 * @param inputType the input type
	 * @param source where it was declared, for error messages
	 * @throws WorkflowDefinitionException if the name and version are taken, or the version is invalid
	 */
	public void registerWorkflow(String name, String version, boolean latest, WorkflowFunction<?, ?> function,
			Type inputType, String source) {
		this.registry.add(WorkflowRegistry.workflow(name, version, latest, function, inputType, source));
	}

	/**
	 * Registers an activity after the runtime was built, before it starts.
	 * @param name the name
	 * @param function the code
	 * @param inputType the input type
	 * @param source where it was declared, for error messages
	 * @throws WorkflowDefinitionException if the name is taken, naming both declarations
	 */
	public void registerActivity(String name, ActivityFunction<?, ?> function, Type inputType, String source) {
		this.registry.add(WorkflowRegistry.activity(name, function, inputType, source));
	}

	/**
	 * Starts the backend and the workers. Idempotent; a runtime stopped with {@link #close()} starts again (what a
	 * Spring context stop and start does).
	 */
	public void start() {
		this.engine.start();
		this.system.started();
	}

	/**
	 * Whether the runtime runs.
	 * @return true between start and close
	 */
	public boolean isRunning() {
		return this.engine.isRunning();
	}

	/**
	 * Why this runtime's workers cannot make progress, if they cannot: every worker of a pool busy with one work item
	 * longer than {@link Builder#stuckWorkerTimeout(Duration)} (hung code), or a worker thread died and could not be
	 * replaced. Health checks report DOWN with this reason; it reads no backend, so it is cheap for every probe.
	 * @return the reason, or empty when the workers can make progress (or the runtime is not running)
	 */
	public Optional<String> workerProblem() {
		return Optional.ofNullable(this.engine.workerProblem());
	}

	/**
	 * The client for this runtime's backend.
	 * @return the client
	 */
	public WorkflowClient client() {
		return this.engine.client();
	}

	/**
	 * The durable schedules on this runtime's backend (see {@link WorkflowSchedule}).
	 * @return the schedules
	 */
	public WorkflowSchedules schedules() {
		return this.system.schedules();
	}

	/**
	 * The backend.
	 * @return the backend
	 */
	public WorkflowBackend backend() {
		return this.backend;
	}

	/**
	 * Leaves names not registered here to outside workers (gRPC SDK workers); call it before {@link #start()}.
	 * @return what the outside workers take: this app's work (or no app's) of the other names
	 */
	public WorkerCapabilities shareWork() {
		return this.engine.shareWork();
	}

	/**
	 * Stops taking work, waits up to the shutdown timeout for running work, then stops the backend (work not
	 * finished is picked up again after its lease expires).
	 */
	@Override
	public void close() {
		this.engine.stop(this.shutdownTimeout);
	}

	/**
	 * Configures a {@link WorkflowRuntime}.
	 */
	public static final class Builder {

		private final WorkflowRegistry registry = new WorkflowRegistry();
		// the settings, defaults as documented on their setters
		private WorkflowBackend backend;
		private DataConverter converter = new JacksonDataConverter();
		private long maxPayloadBytes = Payloads.DEFAULT_MAX_BYTES;
		private int maxConcurrentWorkflows = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
		private int maxConcurrentActivities = 16;
		private int maxWorkItemAttempts = 10;
		private boolean inlineActivities = true;
		private Duration stuckWorkerTimeout = WorkflowEngine.Settings.DEFAULT_STUCK_WORKER_TIMEOUT;
		private Duration shutdownTimeout = Duration.ofSeconds(10);
		private String appId;
		private ThreadFactory activityThreadFactory;
		private Clock clock = Clock.systemUTC();
		private WorkflowRetention retention = new WorkflowRetention();

		private final List<WorkflowExecutionListener> listeners = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Adds a listener for metrics or tracing.
		 * @param listener the listener
		 * @return this
		 */
		public Builder listener(WorkflowExecutionListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Names this app where several apps share one backend (Dapr's {@code app-id}): its workers take only work for
		 * this app (or for none) whose names are registered here; calls with {@link TaskOptions#withAppId(String)}
		 * reach the app named. Without one, it takes all work that names no app.
		 * @param appId the app id: 1 to 64 characters of letters, digits and {@code _-:.}; null for none
		 * @return this
		 * @throws IllegalArgumentException if the app id breaks those rules
		 */
		public Builder appId(String appId) {
			this.appId = appId == null ? null : TaskOptions.checkAppId(appId, "The workflow runtime's app id");
			return this;
		}

		/**
		 * Purges finished instances after the times the retention sets (default: keep for ever).
		 * @param retention the retention settings
		 * @return this
		 */
		public Builder retention(WorkflowRetention retention) {
			this.retention = Objects.requireNonNull(retention, "retention");
			return this;
		}

		/**
		 * Uses this backend (not started yet; the runtime starts and stops it).
		 * @param backend the backend
		 * @return this
		 */
		public Builder backend(WorkflowBackend backend) {
			this.backend = Objects.requireNonNull(backend, "backend");
			return this;
		}

		/**
		 * Uses a backend found by type name, as {@code dapr.workflow.backend-type} does.
		 * @param type the type: actors, sqlite, jdbc, or a third party's
		 * @param configuration its settings
		 * @return this
		 */
		public Builder backend(String type, Map<String, ?> configuration) {
			return backend(WorkflowBackends.create(type, new BackendConfiguration(configuration), backendContext()));
		}

		/** No shared resources, and a clock reading this builder's (set maybe after the backend's type). */
		private BackendContext backendContext() {
			return BackendContext.EMPTY.withClock(new SuppliedClock(() -> this.clock));
		}

		/**
		 * Registers a workflow.
		 * @param name the name
		 * @param function the code
		 * @param inputType the input type
		 * @param <I> the input type
		 * @return this
		 */
		public <I> Builder registerWorkflow(String name, WorkflowFunction<I, ?> function, Class<I> inputType) {
			return registerWorkflow(name, function, (Type) inputType, "registerWorkflow(\"" + name + "\")");
		}

		/**
		 * Registers a workflow whose input type is generic.
		 * @param name the name
		 * @param function the code
		 * @param inputType the input type
		 * @param source where it was declared, for error messages
		 * @return this
		 */
		public Builder registerWorkflow(String name, WorkflowFunction<?, ?> function, Type inputType, String source) {
			this.registry.add(WorkflowRegistry.workflow(name, null, false, function, inputType, source));
			return this;
		}

		/**
		 * Registers one version of a workflow (Dapr's named versions): new instances take the latest version, running
		 * ones stay on the version they started with. With several versions of a name exactly one must be latest, or
		 * {@link WorkflowRuntime#start()} fails naming them.
		 * @param name the name
		 * @param version the version, 1 to 64 letters, digits, '.', '_' or '-'
		 * @param latest whether new instances take this version
		 * @param function the code
		 * @param inputType the input type
		 * @param <I> the input type
		 * @return this
		 */
		public <I> Builder registerWorkflow(String name, String version, boolean latest,
				WorkflowFunction<I, ?> function, Class<I> inputType) {
			this.registry.add(WorkflowRegistry.workflow(name, version, latest, function, inputType,
					"registerWorkflow(\"" + name + "\", version \"" + version + "\")"));
			return this;
		}

		/**
		 * Registers an activity.
		 * @param name the name
		 * @param function the code
		 * @param inputType the input type
		 * @param <I> the input type
		 * @return this
		 */
		public <I> Builder registerActivity(String name, ActivityFunction<I, ?> function, Class<I> inputType) {
			return registerActivity(name, function, (Type) inputType, "registerActivity(\"" + name + "\")");
		}

		/**
		 * Registers an activity whose input type is generic.
		 * @param name the name
		 * @param function the code
		 * @param inputType the input type
		 * @param source where it was declared, for error messages
		 * @return this
		 */
		public Builder registerActivity(String name, ActivityFunction<?, ?> function, Type inputType, String source) {
			this.registry.add(WorkflowRegistry.activity(name, function, inputType, source));
			return this;
		}

		/**
		 * Sets the payload converter.
		 * @param converter the converter
		 * @return this
		 */
		public Builder dataConverter(DataConverter converter) {
			this.converter = Objects.requireNonNull(converter, "converter");
			return this;
		}

		/**
		 * Sets the payload size limit for inputs, outputs, event payloads and custom status.
		 * @param bytes the limit in bytes (default 2 MiB)
		 * @return this
		 */
		public Builder maxPayloadSize(long bytes) {
			if (bytes < 1024) {
				throw new IllegalArgumentException("maxPayloadSize must be at least 1024 bytes, was " + bytes);
			}
			this.maxPayloadBytes = bytes;
			return this;
		}

		/**
		 * Sets how many workflow turns run at once.
		 * @param n the number of workflow worker threads (at least 1)
		 * @return this
		 */
		public Builder maxConcurrentWorkflows(int n) {
			this.maxConcurrentWorkflows = positive(n, "maxConcurrentWorkflows");
			return this;
		}

		/**
		 * Sets how many activities run at once.
		 * @param n the number of activity worker threads (at least 1)
		 * @return this
		 */
		public Builder maxConcurrentActivities(int n) {
			this.maxConcurrentActivities = positive(n, "maxConcurrentActivities");
			return this;
		}

		/**
		 * Sets how many times a workflow turn may fail to process before its instance ends FAILED.
		 * @param n the attempts (default 10)
		 * @return this
		 */
		public Builder maxWorkItemAttempts(int n) {
			this.maxWorkItemAttempts = positive(n, "maxWorkItemAttempts");
			return this;
		}

		/**
		 * Sets whether a workflow worker runs the activities its turn scheduled right away, on its own thread, and
		 * commits their results with the turn (default true), saving two commits per activity (still at least once).
		 * Only while fast: a name seen taking over 50 ms goes to the activity workers (1 s, doubling to 30 s); a worker
		 * waits at most 250 ms per item for them (a slower attempt is interrupted and runs again on the activity workers).
		 * Turn it off to bound activity concurrency with {@link #maxConcurrentActivities(int)} alone.
		 * @param inline whether to run activities inline
		 * @return this
		 */
		public Builder inlineActivities(boolean inline) {
			this.inlineActivities = inline;
			return this;
		}

		/**
		 * Sets how long one work item may hold every worker of a pool before {@link WorkflowRuntime#workerProblem()}
		 * reports that the pool cannot make progress; pick it above the longest activity you expect.
		 * @param timeout the timeout (default 5 minutes), positive
		 * @return this
		 */
		public Builder stuckWorkerTimeout(Duration timeout) {
			if (timeout == null || timeout.isZero() || timeout.isNegative()) {
				throw new IllegalArgumentException("stuckWorkerTimeout must be a positive duration, was " + timeout);
			}
			this.stuckWorkerTimeout = timeout;
			return this;
		}

		/**
		 * Runs activities on threads from this factory (Java 21's virtual threads, say); null for platform threads.
		 * @param factory the factory, or null
		 * @return this
		 */
		public Builder activityThreadFactory(ThreadFactory factory) {
			this.activityThreadFactory = factory;
			return this;
		}

		/**
		 * Sets how long {@link WorkflowRuntime#close()} waits for running work.
		 * @param timeout the drain timeout (default 10 s)
		 * @return this
		 */
		public Builder shutdownTimeout(Duration timeout) {
			this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
			return this;
		}

		/**
		 * Sets the clock for history timestamps, timers, retries and the client's waits, and of a backend this builder
		 * creates (one passed to {@link #backend(WorkflowBackend)} keeps its own: {@link BackendContext#clock()}).
		 * @param clock the clock
		 * @return this
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		private static int positive(int n, String what) {
			if (n < 1) {
				throw new IllegalArgumentException(what + " must be at least 1, was " + n);
			}
			return n;
		}

		/**
		 * Builds the runtime; call {@link WorkflowRuntime#start()} to run it.
		 * @return the runtime
		 */
		public WorkflowRuntime build() {
			return new WorkflowRuntime(this);
		}

	}

}
