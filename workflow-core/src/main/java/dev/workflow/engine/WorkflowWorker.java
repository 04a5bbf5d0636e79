package dev.workflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.InstanceMessage;
import dev.workflow.backend.TimerRequest;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnResult;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.HistoryEvent;

/**
 * Takes workflow work items from the backend, runs their turns and commits them, on a fixed
 * number of threads. A turn that fails to process (any Throwable from workflow code) or to commit
 * (a backend error other than a lost lease) is abandoned with backoff; after {@code maxAttempts}
 * deliveries the instance ends FAILED with the reason, by committing a minimal turn (the
 * ExecutionCompleted and, when that commits, the notice to a parent), so poison never loops.
 * <p>
 * <b>Inline activities.</b> When enabled, a turn that schedules activities starts them right away
 * on a helper pool, all of a fan-out at once, waits for them up to a budget
 * ({@value #INLINE_BUDGET_MILLIS} ms per work item), replays the workflow with the results that
 * arrived and repeats, then commits everything as one turn: a sequence of fast activities costs
 * one commit instead of two per step. An inline attempt still running when the budget ends is
 * <em>discarded</em>: its thread is interrupted, its result is never used, and the activity is
 * committed as an ordinary scheduled task that the activity workers run again. This is the
 * at-least-once contract activities always have (a crash before the commit does the same), and
 * it is the simple correct choice: no result can be lost or applied twice, because only results
 * in the committed turn or from the activity worker's own run ever reach the history. So a slow
 * or hung activity holds a workflow worker and its instance for the budget at most; terminate,
 * suspend and events then reach the instance as usual. An activity name that overran the budget
 * or took longer than {@value #SLOW_ACTIVITY_MILLIS} ms goes straight to the activity workers for
 * {@value #SLOW_ACTIVITY_PAUSE_SECONDS} s, after which it is tried inline once more. Inlining also
 * stops at a timer, an external event, a child workflow or the end of the workflow.
 */
final class WorkflowWorker {

	private static final Logger log = LoggerFactory.getLogger(WorkflowWorker.class);

	private final WorkflowBackend backend;

	private final WorkflowExecutor executor;

	private final LeaseRenewer renewer;

	private final int maxAttempts;

	private final Consumer<String> onStateChange;

	private final Listeners listeners;

	private final WorkerThreads<WorkflowWorkItem> workers;

	static final long INLINE_BUDGET_MILLIS = 250;

	static final long SLOW_ACTIVITY_MILLIS = 50;

	static final long SLOW_ACTIVITY_PAUSE_SECONDS = 30;

	/** Runs activities inline, or null when inline activities are off. */
	private final ActivityWorker inline;

	/**
	 * Threads for inline activity attempts, shared by all workflow workers: as many as there are
	 * activity workers, so a flood of hung activities cannot grow it without bound. A large
	 * fan-out queues here and runs as far as the budget allows.
	 */
	private final ThreadPoolExecutor inlinePool;

	/**
	 * Activity names seen to take longer than {@link #SLOW_ACTIVITY_MILLIS}, to the time (nanoTime)
	 * until which they are not inlined.
	 */
	private final Map<String, Long> slowActivities = new ConcurrentHashMap<>();

	WorkflowWorker(WorkflowBackend backend, WorkflowExecutor executor, LeaseRenewer renewer, int threads,
			int maxAttempts, Consumer<String> onStateChange, Listeners listeners, ActivityWorker inline,
			int inlineThreads) {
		this.inline = inline;
		this.backend = backend;
		this.executor = executor;
		this.renewer = renewer;
		this.workers = new WorkerThreads<>("workflow-worker-", threads, backend::nextWorkflowWorkItem, this::process);
		this.maxAttempts = maxAttempts;
		this.onStateChange = onStateChange;
		this.listeners = listeners;
		AtomicInteger n = new AtomicInteger();
		if (inline == null) {
			this.inlinePool = null;
		}
		else {
			int size = Math.max(1, inlineThreads);
			this.inlinePool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
				Thread t = new Thread(r, "workflow-inline-" + n.incrementAndGet());
				t.setDaemon(true);
				return t;
			});
			this.inlinePool.allowCoreThreadTimeOut(true);
		}
	}

	void start() {
		this.workers.start();
	}

	void stop(Duration drain) {
		this.workers.stop(drain);
		if (this.inlinePool != null) {
			this.inlinePool.shutdownNow();
		}
	}

	/** Why the workflow workers cannot make progress, or null; see {@link WorkerThreads#problem}. */
	String problem(Duration stuckAfter) {
		return this.workers.problem(stuckAfter);
	}

	void process(WorkflowWorkItem item) {
		WorkflowExecutionListener.Completion observed = this.listeners.workflowTurnStarted(item.instanceId());
		String name = null;
		String outcome = "ABANDONED";
		Throwable error = null;
		try (AutoCloseable lease = this.renewer.keepAlive(this.backend.workflowLockTimeout(),
				() -> this.backend.renewWorkflowWorkItem(item), "workflow " + item.instanceId())) {
			WorkflowTurnResult result;
			try {
				result = this.executor.execute(item.instanceId(), item.history(), item.newEvents());
			}
			catch (Throwable ex) {
				if (item.attempt() >= this.maxAttempts) {
					log.error("Workflow instance '{}' failed to process {} times; ending it FAILED", item.instanceId(),
							item.attempt(), ex);
					outcome = commitFailure(item, "The workflow turn failed to process", ex);
					return;
				}
				log.warn("Workflow instance '{}' failed to process (attempt {} of {}), retrying: {}",
						item.instanceId(), item.attempt(), this.maxAttempts, ex.toString());
				this.backend.abandonWorkflowWorkItem(item, WorkerThreads.backoff(item.attempt()));
				return;
			}
			result = continueInline(item, result);
			name = result.started() != null ? result.started().name() : null;
			this.backend.completeWorkflowWorkItem(item, result);
			outcome = result.status().name();
			this.onStateChange.accept(item.instanceId());
		}
		catch (WorkItemLockLostException ex) {
			outcome = "LOCK_LOST";
			log.info("Lease on workflow instance '{}' was lost; another worker takes over: {}", item.instanceId(),
					ex.getMessage());
		}
		catch (Throwable ex) {
			error = ex;
			if (item.attempt() >= this.maxAttempts) {
				// A commit that fails every time (a value the store rejects, say) would otherwise
				// be redelivered for ever: end the instance with a turn that carries nothing else.
				log.error("The turn of workflow instance '{}' could not be committed {} times; ending it FAILED",
						item.instanceId(), item.attempt(), ex);
				outcome = commitFailure(item, "The workflow turn could not be committed", ex);
			}
			else {
				log.warn("Could not commit the turn of workflow instance '{}' (attempt {} of {}): {}",
						item.instanceId(), item.attempt(), this.maxAttempts, ex.toString());
				try {
					this.backend.abandonWorkflowWorkItem(item, WorkerThreads.backoff(item.attempt()));
				}
				catch (RuntimeException again) {
					log.debug("Abandon failed too; the lease will expire", again);
				}
			}
		}
		finally {
			observed.finished(name, outcome, error);
		}
	}

	/**
	 * Ends the instance FAILED after its work item failed {@code maxAttempts} times: commits the
	 * ExecutionCompleted with the reason and the failure notice to a parent; if even that does not
	 * commit, the ExecutionCompleted alone. Never throws.
	 * @return the outcome for the listeners
	 */
	private String commitFailure(WorkflowWorkItem item, String what, Throwable ex) {
		FailureDetails reason = new FailureDetails(ex.getClass().getName(),
				what + " " + item.attempt() + " times; last error: " + ex, ActivityWorker.failureOf(ex).getStackTrace());
		WorkflowTurnResult failed;
		try {
			failed = this.executor.failTurn(item.instanceId(), item.history(), item.newEvents(), reason);
		}
		catch (Throwable again) {
			log.error("Could not even build the failing turn of workflow instance '{}'", item.instanceId(), again);
			abandonQuietly(item);
			return "ABANDONED";
		}
		WorkflowTurnResult bare = new WorkflowTurnResult(failed.started(), failed.historyToAppend(), false,
				WorkflowRuntimeStatus.FAILED, null, null, reason, List.of(), List.of(), List.of());
		for (WorkflowTurnResult attempt : failed.messages().isEmpty() ? List.of(bare) : List.of(failed, bare)) {
			try {
				this.backend.completeWorkflowWorkItem(item, attempt);
				this.onStateChange.accept(item.instanceId());
				return WorkflowRuntimeStatus.FAILED.name();
			}
			catch (WorkItemLockLostException lost) {
				return "LOCK_LOST";
			}
			catch (Throwable commitError) {
				log.error("Could not commit the failure of workflow instance '{}'{}", item.instanceId(),
						attempt == bare ? "" : "; trying again without the notice to its parent", commitError);
			}
		}
		abandonQuietly(item);
		return "ABANDONED";
	}

	private void abandonQuietly(WorkflowWorkItem item) {
		try {
			this.backend.abandonWorkflowWorkItem(item, WorkerThreads.backoff(item.attempt()));
		}
		catch (RuntimeException again) {
			log.debug("Abandon failed too; the lease will expire", again);
		}
	}

	/** An inline attempt of one activity call, running on the inline pool. */
	private static final class InlineCall {

		final ActivityRequest request;

		final Future<HistoryEvent> future;

		volatile boolean started;

		volatile long tookNanos = -1;

		InlineCall(ActivityRequest request, Function<InlineCall, Future<HistoryEvent>> submit) {
			this.request = request;
			this.future = submit.apply(this);
		}

	}

	/**
	 * Runs the activities a turn scheduled inline and replays with their results, while that is
	 * allowed; returns the merged result of all rounds, to commit as one turn.
	 */
	private WorkflowTurnResult continueInline(WorkflowWorkItem item, WorkflowTurnResult first) {
		if (this.inline == null || !inlinable(first)) {
			return first;
		}
		long deadline = System.nanoTime() + INLINE_BUDGET_MILLIS * 1_000_000;
		List<HistoryEvent> history = new ArrayList<>(item.history());
		List<HistoryEvent> appended = new ArrayList<>();
		List<ActivityRequest> pending = new ArrayList<>();
		List<TimerRequest> timers = new ArrayList<>();
		List<InstanceMessage> messages = new ArrayList<>();
		WorkflowTurnResult last = first;
		while (true) {
			history.addAll(last.historyToAppend());
			appended.addAll(last.historyToAppend());
			pending.addAll(last.activities());
			timers.addAll(last.timers());
			messages.addAll(last.messages());
			if (!inlinable(last) || pending.isEmpty() || System.nanoTime() - deadline >= 0) {
				break;
			}
			List<HistoryEvent> results = runInline(pending, deadline);
			if (results.isEmpty()) {
				break;
			}
			try {
				last = this.executor.execute(item.instanceId(), history, results);
			}
			catch (Throwable ex) {
				// The replay with the inline results failed to process: commit what ran before
				// them; the activities are scheduled again and run on the activity workers.
				log.debug("Replay after inline activities of '{}' failed; committing without them", item.instanceId(),
						ex);
				return first;
			}
		}
		if (last == first) {
			return first;
		}
		return new WorkflowTurnResult(first.started() != null ? first.started() : last.started(), appended, false,
				last.status(), last.output(), last.customStatus(), last.failure(), pending, timers, messages);
	}

	/**
	 * Starts the pending calls that may run inline, all at once, and waits for them until the
	 * deadline. Returns the results of those that finished in time, in the order of the calls,
	 * and removes them from {@code pending}; the others are interrupted and their results
	 * discarded (see the class comment), so they stay pending for the activity workers.
	 */
	private List<HistoryEvent> runInline(List<ActivityRequest> pending, long deadline) {
		if (this.inlinePool.getActiveCount() >= this.inlinePool.getMaximumPoolSize()) {
			// Every inline thread is taken (hung activities that ignore interrupts?): waiting for
			// one would only spend the budget, so this turn's activities go to the activity workers.
			return List.of();
		}
		List<InlineCall> calls = new ArrayList<>();
		long now = System.nanoTime();
		for (ActivityRequest req : pending) {
			if (slow(req.name(), now) || !this.inline.canRun(req.name())) {
				continue;
			}
			try {
				calls.add(new InlineCall(req, call -> this.inlinePool.submit(() -> {
					call.started = true;
					long t0 = System.nanoTime();
					try {
						return this.inline.run(req, 1);
					}
					finally {
						call.tookNanos = System.nanoTime() - t0;
					}
				})));
			}
			catch (RejectedExecutionException shutDown) {
				break; // stopping: the rest go to the activity workers
			}
		}
		boolean interrupted = false;
		List<HistoryEvent> results = new ArrayList<>();
		for (InlineCall call : calls) {
			HistoryEvent result = null;
			if (!interrupted) {
				try {
					result = call.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true; // the worker is stopping: keep nothing that is not done
				}
				catch (TimeoutException | ExecutionException | java.util.concurrent.CancellationException ex) {
					// overran the budget (or the pool was shut down): handled below
				}
			}
			if (result != null) {
				results.add(result);
				pending.remove(call.request);
				if (call.tookNanos > SLOW_ACTIVITY_MILLIS * 1_000_000) {
					markSlow(call.request.name());
				}
			}
			else {
				call.future.cancel(true);
				if (call.started) {
					markSlow(call.request.name()); // it overran the budget; one still queued did not
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return results;
	}

	private void markSlow(String activityName) {
		this.slowActivities.put(activityName, System.nanoTime() + SLOW_ACTIVITY_PAUSE_SECONDS * 1_000_000_000);
	}

	private boolean slow(String activityName, long now) {
		Long until = this.slowActivities.get(activityName);
		if (until == null) {
			return false;
		}
		if (now - until < 0) {
			return true;
		}
		this.slowActivities.remove(activityName, until);
		return false;
	}

	private static boolean inlinable(WorkflowTurnResult r) {
		return r.status() == WorkflowRuntimeStatus.RUNNING && !r.historyReset() && !r.activities().isEmpty();
	}

}
