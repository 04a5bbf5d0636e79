package dev.workflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.HistoryEvent;

/**
 * Takes workflow work items from the backend, runs their turns and commits them, on a fixed
 * number of threads. A turn that fails to process (any Throwable from workflow code) or to commit
 * (a backend error other than a lost lease) is abandoned with backoff; after {@code maxAttempts}
 * deliveries the instance ends FAILED with the reason, by committing a minimal turn (the
 * ExecutionCompleted and, when that commits, the notice to a parent), so poison never loops.
 * <p>
 * <b>Inline activities.</b> When enabled, a turn that schedules activities runs them right away:
 * this worker thread takes them one after the other and, for a fan-out, helpers from a small
 * inline pool take the others at the same time. It waits for them up to a budget
 * ({@value #INLINE_BUDGET_MILLIS} ms per work item), replays the workflow with the results that
 * arrived and repeats, then commits everything as one turn: a sequence of fast activities costs
 * one commit instead of two per step, and no thread handoff. An inline attempt still running when
 * the budget ends is <em>discarded</em>: its thread is interrupted, its result is never used, and
 * the activity is committed as an ordinary scheduled task that the activity workers run again.
 * This is the at-least-once contract activities always have (a crash before the commit does the
 * same), and it is the simple correct choice: no result can be lost or applied twice, because only
 * results in the committed turn or from the activity worker's own run ever reach the history.
 * <p>
 * When the attempt past the budget is on this worker thread itself, a watchdog hands the thread
 * over: it stops the lease renewal, releases the work item at once (another worker replays the
 * turn; the activity, now marked slow, goes to the activity workers) and puts a new thread in the
 * worker's place; the old thread leaves when the call returns, committing nothing. So a slow or
 * hung activity holds neither a workflow worker nor its instance for longer than the budget:
 * status, terminate, suspend and events go on as usual. An activity name that overran the budget
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
	 * Helper threads for the inline calls of fan-outs, shared by all workflow workers: as many as
	 * there are activity workers, so a flood of hung activities cannot grow it without bound.
	 */
	private final ThreadPoolExecutor inlinePool;

	/** How often the watchdog looks for inline rounds past their budget. */
	static final long WATCHDOG_MILLIS = 20;

	/** The inline rounds in progress, for the watchdog. */
	private final Set<InlineRound> rounds = ConcurrentHashMap.newKeySet();

	/** Worker threads handed over and still inside their call. */
	private final AtomicInteger handedOver = new AtomicInteger();

	private volatile boolean watchdogStopped;

	private Thread watchdog;

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
		if (this.inline != null) {
			this.watchdogStopped = false;
			this.watchdog = new Thread(this::watch, "workflow-inline-watchdog");
			this.watchdog.setDaemon(true);
			this.watchdog.start();
		}
	}

	void stop(Duration drain) {
		this.workers.stop(drain);
		if (this.inlinePool != null) {
			this.watchdogStopped = true;
			if (this.watchdog != null) {
				this.watchdog.interrupt();
			}
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
			WorkflowTurnCommit result;
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
			result = continueInline(item, result, lease);
			if (result == null) {
				outcome = "HANDED_OVER"; // the watchdog released the item; see donate()
				return;
			}
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
		WorkflowTurnCommit failed;
		try {
			failed = this.executor.failTurn(item.instanceId(), item.history(), item.newEvents(), reason);
		}
		catch (Throwable again) {
			log.error("Could not even build the failing turn of workflow instance '{}'", item.instanceId(), again);
			abandonQuietly(item);
			return "ABANDONED";
		}
		WorkflowTurnCommit bare = TurnCommitBuilder.from(failed).withoutOutbox().build();
		for (WorkflowTurnCommit attempt : failed.outbox().isEmpty() ? List.of(bare) : List.of(failed, bare)) {
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

	/**
	 * One round of inline attempts: the calls of a turn, run by the worker thread and, for a
	 * fan-out, helper tasks on the inline pool, each taking the next call not yet started (one
	 * task per helper rather than per call keeps a large fan-out cheap). {@link #close()} ends the
	 * round at the deadline: calls not started are not started any more, running ones are
	 * interrupted and their results are never used.
	 */
	private final class InlineRound {

		private final List<ActivityRequest> calls;

		final Thread worker;

		final WorkflowWorkItem item;

		final AutoCloseable lease;

		final long deadline;

		private final HistoryEvent[] results;

		private final Thread[] running;

		private final boolean[] overran;

		private final long[] tookNanos;

		private final AtomicInteger next = new AtomicInteger();

		private final CountDownLatch finished;

		private boolean closed;

		/** Set by close() when the worker thread itself was inside a call. */
		volatile boolean handedOver;

		InlineRound(List<ActivityRequest> calls, Thread worker, WorkflowWorkItem item, AutoCloseable lease,
				long deadline) {
			this.calls = calls;
			this.worker = worker;
			this.item = item;
			this.lease = lease;
			this.deadline = deadline;
			int n = calls.size();
			this.results = new HistoryEvent[n];
			this.running = new Thread[n];
			this.overran = new boolean[n];
			this.tookNanos = new long[n];
			this.finished = new CountDownLatch(n);
		}

		void runner() {
			while (true) {
				int i;
				synchronized (this) {
					if (this.closed || (i = this.next.getAndIncrement()) >= this.calls.size()) {
						return;
					}
					this.running[i] = Thread.currentThread();
				}
				long t0 = System.nanoTime();
				HistoryEvent result = null;
				try {
					result = WorkflowWorker.this.inline.run(this.calls.get(i), 1);
				}
				catch (Throwable ex) {
					log.debug("Inline attempt of activity '{}' failed to run", this.calls.get(i).name(), ex);
				}
				synchronized (this) {
					this.running[i] = null;
					if (this.overran[i]) {
						Thread.interrupted(); // the interrupt from close() that came as the call returned
					}
					if (!this.closed) {
						this.results[i] = result;
						this.tookNanos[i] = System.nanoTime() - t0;
					}
				}
				if (this.handedOver && Thread.currentThread() == this.worker) {
					WorkflowWorker.this.handedOver.decrementAndGet();
				}
				this.finished.countDown();
			}
		}

		/**
		 * Ends the round: interrupts the calls still running and remembers which they were.
		 * @return true if this call closed it, false if it was closed already
		 */
		synchronized boolean close() {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			for (int i = 0; i < this.running.length; i++) {
				if (this.running[i] != null) {
					this.overran[i] = true;
					if (this.running[i] == this.worker) {
						this.handedOver = true;
					}
					this.running[i].interrupt();
				}
			}
			return true;
		}

	}

	/**
	 * Runs the activities a turn scheduled inline and replays with their results, while that is
	 * allowed (see {@link WorkflowExecutor#continueInline}); returns the commit of all rounds, or
	 * null when this thread was handed over.
	 */
	private WorkflowTurnCommit continueInline(WorkflowWorkItem item, WorkflowTurnCommit first, AutoCloseable lease) {
		if (this.inline == null) {
			return first;
		}
		long deadline = System.nanoTime() + INLINE_BUDGET_MILLIS * 1_000_000;
		return this.executor.continueInline(item.instanceId(), item.history(), first,
				pending -> runInline(item, lease, pending, deadline), deadline);
	}

	/**
	 * Runs the pending calls that may run inline, all at once: this worker thread takes them one
	 * after the other (a sequence of single calls costs no thread handoff), and for a fan-out
	 * helpers from the inline pool take the others. Waits for them until the deadline. Returns the
	 * results of those that finished in time, in the order of the calls, and removes them from
	 * {@code pending}; the others are interrupted and their results discarded (see the class
	 * comment), so they stay pending for the activity workers. Returns null when this very thread
	 * was still inside a call at the deadline: the watchdog has then released the work item and
	 * put a new thread in this worker's place, and this thread must not touch the item again.
	 */
	private List<HistoryEvent> runInline(WorkflowWorkItem item, AutoCloseable lease, List<ActivityRequest> pending,
			long deadline) {
		if (this.handedOver.get() >= this.inlinePool.getMaximumPoolSize()) {
			// As many workers as there are inline threads are stuck in hung calls already: do not
			// risk more threads, leave this turn's activities to the activity workers.
			return List.of();
		}
		List<ActivityRequest> calls = new ArrayList<>();
		long now = System.nanoTime();
		for (ActivityRequest req : pending) {
			if (!slow(req.name(), now) && this.inline.canRun(req.name())) {
				calls.add(req);
			}
		}
		if (calls.isEmpty()) {
			return List.of();
		}
		InlineRound round = new InlineRound(calls, Thread.currentThread(), item, lease, deadline);
		int free = this.inlinePool.getMaximumPoolSize() - this.inlinePool.getActiveCount();
		int helpers = Math.min(calls.size() - 1, free);
		try {
			for (int i = 0; i < helpers; i++) {
				this.inlinePool.execute(round::runner);
			}
		}
		catch (RejectedExecutionException shutDown) {
			// stopping: this thread runs what it can
		}
		this.rounds.add(round);
		try {
			round.runner();
			if (round.handedOver) {
				return null;
			}
			round.finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt(); // stopping: keep only what is done
		}
		finally {
			this.rounds.remove(round);
		}
		round.close();
		if (round.handedOver) {
			return null;
		}
		List<HistoryEvent> results = new ArrayList<>();
		Set<ActivityRequest> done = Collections.newSetFromMap(new IdentityHashMap<>());
		synchronized (round) {
			for (int i = 0; i < calls.size(); i++) {
				if (round.results[i] != null) {
					results.add(round.results[i]);
					done.add(calls.get(i));
					if (round.tookNanos[i] > SLOW_ACTIVITY_MILLIS * 1_000_000) {
						markSlow(calls.get(i).name());
					}
				}
				else if (round.overran[i]) {
					markSlow(calls.get(i).name()); // it overran the budget; one never started did not
				}
			}
		}
		if (!done.isEmpty()) {
			pending.removeIf(done::contains);
		}
		return results;
	}

	/**
	 * The watchdog: every few milliseconds, ends the inline rounds past their deadline. A round
	 * whose worker thread is itself inside a call then gets that thread handed over (see
	 * {@link #handOver}). Scanning a set costs nothing per round, where scheduling a timer per
	 * round would wake a thread for every activity.
	 */
	private void watch() {
		while (!this.watchdogStopped) {
			long now = System.nanoTime();
			for (InlineRound round : this.rounds) {
				if (now - round.deadline >= 0 && round.close() && round.handedOver) {
					handOver(round);
				}
			}
			try {
				Thread.sleep(WATCHDOG_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/**
	 * A worker thread overran the budget inside an inline call (a slow or hung activity): the
	 * instance must not wait for it. Stops its lease renewal, releases the work item at once so
	 * another worker replays the turn (the activity, now marked slow, goes to the activity
	 * workers), and puts a new thread in the worker's place; the old thread leaves its loop when
	 * the call returns, without committing anything.
	 */
	private void handOver(InlineRound round) {
		this.handedOver.incrementAndGet();
		synchronized (round) {
			for (int i = 0; i < round.calls.size(); i++) {
				if (round.overran[i]) {
					// before the release: the replayed turn must not run it inline again
					markSlow(round.calls.get(i).name());
				}
			}
		}
		try {
			round.lease.close();
		}
		catch (Exception ex) {
			log.debug("Closing the lease renewal failed", ex);
		}
		try {
			this.backend.abandonWorkflowWorkItem(round.item, Duration.ZERO);
		}
		catch (RuntimeException ex) {
			log.debug("Releasing the work item of '{}' failed; its lease will expire", round.item.instanceId(), ex);
		}
		this.workers.replace(round.worker);
		log.warn("An inline activity of workflow instance '{}' overran the {} ms budget; the work item is released and replayed without it, "
				+ "and the activity runs on the activity workers", round.item.instanceId(), INLINE_BUDGET_MILLIS);
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

}
