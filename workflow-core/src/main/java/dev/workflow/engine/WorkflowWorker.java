package dev.workflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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
 * number of threads. A turn that fails to process (an Error from workflow code, a backend error)
 * is abandoned with backoff; after {@code maxAttempts} the instance ends FAILED with the reason.
 * <p>
 * <b>Inline activities.</b> When enabled, a turn that schedules activities runs them right here,
 * on the worker that holds the instance's lease, replays the workflow with their results and
 * repeats, then commits everything as one turn: a sequence of fast activities costs one commit
 * instead of two per step. Replay keeps this safe: nothing is committed until the end, so if the
 * worker dies first the turn is replayed and the activities are scheduled (and run) again, which
 * is the at-least-once contract activities always have. It stops at a timer, an external event, a
 * child workflow, the end of the workflow, a time budget ({@value #INLINE_BUDGET_MILLIS} ms per
 * work item), or an activity that took longer than {@value #SLOW_ACTIVITY_MILLIS} ms (that activity
 * name then goes through the activity workers for {@value #SLOW_ACTIVITY_PAUSE_SECONDS} s, after
 * which it is tried inline once more, so one pause of the JVM does not turn inlining off for
 * good); what is left is committed as usual and runs on the activity workers.
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
	 * Activity names seen to take longer than {@link #SLOW_ACTIVITY_MILLIS}, to the time (nanoTime)
	 * until which they are not inlined.
	 */
	private final Map<String, Long> slowActivities = new ConcurrentHashMap<>();

	WorkflowWorker(WorkflowBackend backend, WorkflowExecutor executor, LeaseRenewer renewer, int threads,
			int maxAttempts, Consumer<String> onStateChange, Listeners listeners, ActivityWorker inline) {
		this.inline = inline;
		this.backend = backend;
		this.executor = executor;
		this.renewer = renewer;
		this.workers = new WorkerThreads<>("workflow-worker-", threads, backend::nextWorkflowWorkItem, this::process);
		this.maxAttempts = maxAttempts;
		this.onStateChange = onStateChange;
		this.listeners = listeners;
	}

	void start() {
		this.workers.start();
	}

	void stop(Duration drain) {
		this.workers.stop(drain);
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
					result = this.executor.failTurn(item.instanceId(), item.history(), item.newEvents(),
							new FailureDetails(ex.getClass().getName(), "The workflow turn failed to process "
									+ item.attempt() + " times; last error: " + ex, FailureDetails.of(ex).getStackTrace()));
				}
				else {
					log.warn("Workflow instance '{}' failed to process (attempt {} of {}), retrying: {}",
							item.instanceId(), item.attempt(), this.maxAttempts, ex.toString());
					this.backend.abandonWorkflowWorkItem(item, WorkerThreads.backoff(item.attempt()));
					return;
				}
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
		catch (Exception ex) {
			error = ex;
			log.warn("Could not commit the turn of workflow instance '{}': {}", item.instanceId(), ex.toString());
			try {
				this.backend.abandonWorkflowWorkItem(item, WorkerThreads.backoff(item.attempt()));
			}
			catch (RuntimeException again) {
				log.debug("Abandon failed too; the lease will expire", again);
			}
		}
		finally {
			observed.finished(name, outcome, error);
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
			if (!inlinable(last) || pending.isEmpty()) {
				break;
			}
			List<HistoryEvent> results = new ArrayList<>();
			for (java.util.Iterator<ActivityRequest> it = pending.iterator(); it.hasNext();) {
				ActivityRequest req = it.next();
				long start = System.nanoTime();
				if (start >= deadline || slow(req.name(), start) || !this.inline.canRun(req.name())) {
					break;
				}
				results.add(this.inline.run(req, 1));
				it.remove();
				long end = System.nanoTime();
				if (end - start > SLOW_ACTIVITY_MILLIS * 1_000_000) {
					this.slowActivities.put(req.name(), end + SLOW_ACTIVITY_PAUSE_SECONDS * 1_000_000_000);
					break;
				}
			}
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
