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

import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.HistoryEvent;

/**
 * Runs the activity calls of a workflow turn inline, for the {@link WorkflowWorker} (whose class
 * comment describes the budget, the discarding of late attempts and the hand-over): rounds of
 * calls on the worker thread and inline helpers, the watchdog that ends rounds at their deadline,
 * and the list of activities too slow to inline.
 */
final class InlineActivityRunner {

	private static final Logger log = LoggerFactory.getLogger(InlineActivityRunner.class);

	private static final long INLINE_BUDGET_MILLIS = WorkflowWorker.INLINE_BUDGET_MILLIS;

	private static final long SLOW_ACTIVITY_MILLIS = WorkflowWorker.SLOW_ACTIVITY_MILLIS;

	private static final long SLOW_ACTIVITY_PAUSE_SECONDS = WorkflowWorker.SLOW_ACTIVITY_PAUSE_SECONDS;

	private static final long WATCHDOG_MILLIS = WorkflowWorker.WATCHDOG_MILLIS;

	/** The first pause of an activity seen to be slow. */
	private static final long FIRST_SLOW_PAUSE_NANOS = 1_000_000_000L;

	private final ActivityWorker activities;

	private final WorkflowBackend backend;

	/** Puts a new worker thread in the place of one handed over. */
	private final Consumer<Thread> replaceWorker;

	/**
	 * Helper threads for the inline calls of fan-outs, shared by all workflow workers: as many as
	 * there are activity workers, so a flood of hung activities cannot grow it without bound.
	 * Replaced on a start after a stop, which shut it down.
	 */
	private volatile ThreadPoolExecutor inlinePool;

	private final int inlinePoolSize;

	private final AtomicInteger inlineThreadNumber = new AtomicInteger();

	/** The inline rounds in progress, for the watchdog. */
	private final Set<InlineRound> rounds = ConcurrentHashMap.newKeySet();

	/** Worker threads handed over and still inside their call. */
	private final AtomicInteger handedOver = new AtomicInteger();

	private volatile boolean watchdogStopped;

	private Thread watchdog;

	/**
	 * Activity names seen to take longer than {@link #SLOW_ACTIVITY_MILLIS} (or to overrun the
	 * budget), with the time (nanoTime) until which they are not inlined and the pause that set it.
	 */
	private final Map<String, SlowUntil> slowActivities = new ConcurrentHashMap<>();

	/** Not inlined until {@code untilNanos}; {@code pauseNanos} is the pause that set it. */
	private record SlowUntil(long untilNanos, long pauseNanos) {
	}

	InlineActivityRunner(ActivityWorker activities, int inlineThreads, WorkflowBackend backend,
			Consumer<Thread> replaceWorker) {
		this.activities = activities;
		this.backend = backend;
		this.replaceWorker = replaceWorker;
		this.inlinePoolSize = Math.max(1, inlineThreads);
		this.inlinePool = newInlinePool();
	}

	private ThreadPoolExecutor newInlinePool() {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(this.inlinePoolSize, this.inlinePoolSize, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), r -> {
					java.util.concurrent.ThreadFactory factory = this.activities.threadFactory();
					Thread t = factory != null ? factory.newThread(r) : new Thread(r);
					t.setName("workflow-inline-" + this.inlineThreadNumber.incrementAndGet());
					if (!t.isDaemon()) { // virtual threads are daemons already, and refuse the call
						t.setDaemon(true);
					}
					return t;
				});
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	void start() {
		if (this.inlinePool.isShutdown()) {
			this.inlinePool = newInlinePool(); // stop() shut the previous one down
		}
		this.watchdogStopped = false;
		this.watchdog = new Thread(this::watch, "workflow-inline-watchdog");
		this.watchdog.setDaemon(true);
		this.watchdog.start();
	}

	void stop() {
		this.watchdogStopped = true;
		if (this.watchdog != null) {
			this.watchdog.interrupt();
		}
		this.inlinePool.shutdownNow();
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
					result = InlineActivityRunner.this.activities.run(this.calls.get(i), 1);
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
					InlineActivityRunner.this.handedOver.decrementAndGet();
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
	 * Runs the pending calls that may run inline, all at once: this worker thread takes them one
	 * after the other (a sequence of single calls costs no thread handoff), and for a fan-out
	 * helpers from the inline pool take the others. Waits for them until the deadline. Returns the
	 * results of those that finished in time, in the order of the calls, and removes them from
	 * {@code pending}; the others are interrupted and their results discarded (see the class
	 * comment), so they stay pending for the activity workers. Returns null when this very thread
	 * was still inside a call at the deadline: the watchdog has then released the work item and
	 * put a new thread in this worker's place, and this thread must not touch the item again.
	 */
	List<HistoryEvent> run(WorkflowWorkItem item, AutoCloseable lease, List<ActivityRequest> pending,
			long deadline) {
		if (this.handedOver.get() >= this.inlinePool.getMaximumPoolSize()) {
			// As many workers as there are inline threads are stuck in hung calls already: do not
			// risk more threads, leave this turn's activities to the activity workers.
			return List.of();
		}
		List<ActivityRequest> calls = new ArrayList<>();
		long now = System.nanoTime();
		for (ActivityRequest req : pending) {
			if (!slow(req.name(), now) && this.activities.canRun(req)) {
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
					else if (!this.slowActivities.isEmpty()) {
						// fast again after a pause: the next slow call starts the pauses over
						this.slowActivities.remove(calls.get(i).name());
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
		this.replaceWorker.accept(round.worker);
		log.warn("An inline activity of workflow instance '{}' overran the {} ms budget; the work item is released and replayed without it, "
				+ "and the activity runs on the activity workers", round.item.instanceId(), INLINE_BUDGET_MILLIS);
	}

	/**
	 * Keeps an activity off the inline path for a while: 1 s after its first slow call, doubling
	 * with each slow call after a pause up to {@link #SLOW_ACTIVITY_PAUSE_SECONDS}. A wall time
	 * says "slow" also when the call merely waited for a core (a loaded machine, a GC pause, the
	 * first call's class loading): a single such hiccup must not keep a fast activity from inlining
	 * for the whole longest pause, while one that really is slow soon stays off for it.
	 */
	private void markSlow(String activityName) {
		long now = System.nanoTime();
		this.slowActivities.compute(activityName, (name, before) -> {
			long pause = before == null ? FIRST_SLOW_PAUSE_NANOS
					: Math.min(before.pauseNanos() * 2, SLOW_ACTIVITY_PAUSE_SECONDS * 1_000_000_000);
			// a call of a round that started before the pause must not double it again
			if (before != null && now - before.untilNanos() < 0) {
				pause = before.pauseNanos();
			}
			return new SlowUntil(now + pause, pause);
		});
	}

	private boolean slow(String activityName, long now) {
		SlowUntil until = this.slowActivities.get(activityName);
		// after the pause the entry stays, so that a slow call then doubles the pause
		return until != null && now - until.untilNanos() < 0;
	}

}
