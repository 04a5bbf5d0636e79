package dev.workflow.engine;

import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnResult;
import dev.workflow.backend.WorkflowWorkItem;

/**
 * Takes workflow work items from the backend, runs their turns and commits them, on a fixed
 * number of threads. A turn that fails to process (an Error from workflow code, a backend error)
 * is abandoned with backoff; after {@code maxAttempts} the instance ends FAILED with the reason.
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

	WorkflowWorker(WorkflowBackend backend, WorkflowExecutor executor, LeaseRenewer renewer, int threads,
			int maxAttempts, Consumer<String> onStateChange, Listeners listeners) {
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

}
