package dev.workflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.TraceContext;
import dev.workflow.ActivityContext;
import dev.workflow.DataConverter;
import dev.workflow.FailureDetails;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskFailed;

/**
 * Takes activity work items, runs the activity methods and commits their results, on a fixed
 * number of threads. Anything the activity throws (any Throwable) becomes a {@link TaskFailed} for the workflow
 * to handle; the call is not redelivered for it (retries are the workflow's RetryPolicy).
 */
final class ActivityWorker {

	private static final Logger log = LoggerFactory.getLogger(ActivityWorker.class);

	private final WorkflowBackend backend;

	private final WorkflowRegistry registry;

	private final DataConverter converter;

	private final long maxPayloadBytes;

	private final LeaseRenewer renewer;

	private final Clock clock;


	private final Listeners listeners;

	private final RunningActivities running;

	private final WorkerScope scope;

	private final WorkerThreads<ActivityWorkItem> workers;

	private volatile ThreadFactory threadFactory;

	ActivityWorker(WorkflowBackend backend, WorkflowRegistry registry, DataConverter converter, long maxPayloadBytes,
			LeaseRenewer renewer, Clock clock, int threads, Listeners listeners, RunningActivities running,
			WorkerScope scope) {
		this.scope = scope;
		this.running = running;
		this.backend = backend;
		this.registry = registry;
		this.converter = converter;
		this.maxPayloadBytes = maxPayloadBytes;
		this.renewer = renewer;
		this.clock = clock;
		this.workers = new WorkerThreads<>("workflow-activity-", threads, 
				wait -> backend.nextActivityWorkItem(wait, scope.capabilities()), this::process);
		this.listeners = listeners;
	}

	void start() {
		this.workers.start();
	}

	/** Runs activities on threads from this factory (virtual threads, say); null for platform threads. */
	void threadFactory(ThreadFactory factory) {
		this.threadFactory = factory;
		this.workers.threadFactory(factory);
	}

	/** The factory of activity threads, or null for platform threads. */
	ThreadFactory threadFactory() {
		return this.threadFactory;
	}

	void stop(Duration drain) {
		this.workers.stop(drain);
	}

	/** Why the activity workers cannot make progress, or null; see {@link WorkerThreads#problem}. */
	String problem(Duration stuckAfter) {
		return this.workers.problem(stuckAfter);
	}

	void process(ActivityWorkItem item) {
		ActivityRequest req = item.request();
		String what = "activity '" + req.name() + "' #" + req.taskId() + " of instance '" + req.instanceId() + "'";
		try (AutoCloseable lease = this.renewer.keepAlive(this.backend.activityLockTimeout(),
				() -> this.backend.renewActivityWorkItem(item), what)) {
			HistoryEvent result = run(req, item.attempt());
			// An interrupt meant for the activity (its timeout fired) may land just as it returns;
			// it must not fail the commit of the result.
			Thread.interrupted();
			this.backend.completeActivityWorkItem(item, result);
		}
		catch (WorkItemLockLostException ex) {
			log.info("Lease on {} was lost; its result is dropped and another worker runs it: {}", what,
					ex.getMessage());
		}
		catch (Throwable ex) {
			log.warn("Could not commit the result of {}: {}", what, ex.toString());
			try {
				this.backend.abandonActivityWorkItem(item, WorkerThreads.backoff(item.attempt()));
			}
			catch (RuntimeException again) {
				log.debug("Abandon failed too; the lease will expire", again);
			}
		}
	}

	/** The result event of an activity and the error the activity threw, if any. */
	private record Outcome(HistoryEvent event, Throwable error) {
	}

	/**
	 * Runs an activity call on the calling thread and reports it to the listeners (before any
	 * commit, so a tracing scope covers the activity code only). Used for the calls this worker
	 * takes and by a workflow worker that runs the activities its turn scheduled inline (see
	 * {@link WorkflowWorker}).
	 * @param req the call
	 * @param attempt the delivery attempt, as the activity sees it
	 * @return the result event: {@link TaskCompleted} or {@link TaskFailed}
	 */
	HistoryEvent run(ActivityRequest req, int attempt) {
		WorkflowExecutionListener.Completion observed = this.listeners.activityStarted(req.name(), req.instanceId(),
				TraceContext.ofNullable(req.traceParent(), req.traceState()));
		Outcome outcome = null;
		try (RunningActivities.Registration registration = this.running.enter(req.instanceId(), req.executionId(),
				req.taskId())) {
			outcome = execute(req, attempt);
			return outcome.event();
		}
		finally {
			observed.finished(req.name(), outcome != null && outcome.event() instanceof TaskCompleted ? "COMPLETED"
					: "FAILED", outcome == null ? null : outcome.error());
		}
	}

	/** Whether this runtime may run the call: registered here and for this app (or for any). */
	boolean canRun(ActivityRequest req) {
		return this.scope.canRunActivity(req.appId(), req.name());
	}

	private Outcome execute(ActivityRequest req, int attempt) {
		WorkflowRegistry.RegisteredActivity activity = this.registry.activity(req.name());
		if (activity == null) {
			return new Outcome(failed(req, new FailureDetails(IllegalStateException.class.getName(), "No activity named '"
					+ req.name() + "' is registered with this runtime; registered activities: "
					+ this.registry.activityNames(), null)), null);
		}
		Object output;
		try {
			Object input = this.converter.deserialize(req.input(), activity.inputType());
			output = activity.function().run(new Context(req, attempt, this.converter), input);
		}
		catch (Throwable ex) {
			// Every Throwable, StackOverflowError and OutOfMemoryError included, fails this call
			// only: the stack has unwound and the memory the activity held is garbage now, so the
			// worker can go on; rethrowing would kill the worker thread, and redelivery would kill
			// the next one.
			FailureDetails failure = failureOf(ex);
			log.warn("Activity '{}' (task #{}) of instance '{}' failed on delivery attempt {}: {}", req.name(),
					req.taskId(), req.instanceId(), attempt, failure);
			return new Outcome(failed(req, failure), ex);
		}
		try {
			String json = this.converter.serialize(output);
			Payloads.check(json, this.maxPayloadBytes, "result of activity '" + req.name() + "'");
			return new Outcome(new TaskCompleted(this.clock.instant(), req.taskId(), json), null);
		}
		catch (IllegalArgumentException ex) {
			return new Outcome(failed(req, new FailureDetails(IllegalArgumentException.class.getName(),
					"The result of activity '" + req.name() + "' cannot be stored: " + ex.getMessage(), null)), ex);
		}
	}

	/** The failure details of an error; falls back to type and message when even that fails (no memory). */
	static FailureDetails failureOf(Throwable ex) {
		try {
			return FailureDetails.of(ex);
		}
		catch (Throwable again) {
			return new FailureDetails(ex.getClass().getName(), String.valueOf(ex.getMessage()), null);
		}
	}

	private TaskFailed failed(ActivityRequest req, FailureDetails details) {
		return new TaskFailed(this.clock.instant(), req.taskId(), details);
	}

	private record Context(ActivityRequest req, int attempt, DataConverter converter) implements ActivityContext {

		@Override
		public <T> T getInput(Class<T> type) {
			return this.converter.deserialize(this.req.input(), type);
		}

		@Override
		public String getName() {
			return this.req.name();
		}

		@Override
		public String getInstanceId() {
			return this.req.instanceId();
		}

		@Override
		public int getTaskId() {
			return this.req.taskId();
		}

		@Override
		public int getAttempt() {
			return this.attempt;
		}

		@Override
		public String getTraceParent() {
			// the parent propagated from the code that scheduled the instance, else one derived from the call
			TraceContext stored = TraceContext.ofNullable(this.req.traceParent(), this.req.traceState());
			return stored != null ? stored.traceParent()
					: TraceParents.ofActivity(this.req.instanceId(), this.req.executionId(), this.req.taskId());
		}

	}

}
