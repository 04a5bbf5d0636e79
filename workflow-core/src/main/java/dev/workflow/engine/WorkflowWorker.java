package dev.workflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.backend.WorkflowWorkItem;

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
 * a pause, after which it is tried inline once more: 1 s at first, doubling while it stays slow
 * up to {@value #SLOW_ACTIVITY_PAUSE_SECONDS} s, and over once it is fast again (a fast activity
 * that once waited for a core on a loaded machine must not lose inlining for long). Inlining also
 * stops at a timer, an external event, a child workflow or the end of the workflow.
 */
final class WorkflowWorker {

	private static final Logger log = LoggerFactory.getLogger(WorkflowWorker.class);

	private final WorkflowBackend backend;

	private final WorkflowExecutor executor;

	private final LeaseRenewer renewer;

	private final int maxAttempts;

	private final BiConsumer<String, InstanceMetadata> onStateChange;

	private final Listeners listeners;

	private final WorkerThreads<WorkflowWorkItem> workers;

	static final long INLINE_BUDGET_MILLIS = 250;

	static final long SLOW_ACTIVITY_MILLIS = 50;

	static final long SLOW_ACTIVITY_PAUSE_SECONDS = 30;

	/** How often the watchdog looks for inline rounds past their budget. */
	static final long WATCHDOG_MILLIS = 20;

	/** Runs activities inline, or null when inline activities are off. */
	private final InlineActivityRunner inline;

	WorkflowWorker(WorkflowBackend backend, WorkflowExecutor executor, LeaseRenewer renewer, int threads,
			int maxAttempts, BiConsumer<String, InstanceMetadata> onStateChange, Listeners listeners, ActivityWorker inline,
			int inlineThreads, WorkerScope scope) {
		this.backend = backend;
		this.executor = executor;
		this.renewer = renewer;
		this.workers = new WorkerThreads<>("workflow-worker-", threads, 
				wait -> backend.nextWorkflowWorkItem(wait, scope.capabilities()), this::process);
		this.maxAttempts = maxAttempts;
		this.onStateChange = onStateChange;
		this.listeners = listeners;
		this.inline = inline == null ? null
				: new InlineActivityRunner(inline, inlineThreads, backend, this.workers::replace);
	}

	void start() {
		this.workers.start();
		if (this.inline != null) {
			this.inline.start();
		}
	}

	void stop(Duration drain) {
		this.workers.stop(drain);
		if (this.inline != null) {
			this.inline.stop();
		}
	}

	/** Why the workflow workers cannot make progress, or null; see {@link WorkerThreads#problem}. */
	String problem(Duration stuckAfter) {
		return this.workers.problem(stuckAfter);
	}

	void process(WorkflowWorkItem item) {
		WorkflowExecutionListener.Completion observed = this.listeners.workflowTurnStarted(item.instanceId(),
				TurnTraces.of(item.history(), item.newEvents()));
		String name = null;
		String outcome = "ABANDONED";
		Throwable error = null;
		boolean committed = false;
		InstanceMetadata committedState = null;
		try (AutoCloseable lease = this.renewer.keepAlive(this.backend.workflowLockTimeout(), item.lockedUntil(),
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
			committedState = this.backend.completeWorkflowWorkItemWithState(item, result);
			committed = true;
			outcome = result.status().name();
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
			try {
				observed.finished(name, outcome, error);
			}
			finally {
				if (committed) {
					// waiting clients wake once the turn is over, its observation included
					this.onStateChange.accept(item.instanceId(), committedState);
				}
			}
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
				this.onStateChange.accept(item.instanceId(), null);
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
				pending -> this.inline.run(item, lease, pending, deadline), deadline);
	}

}
