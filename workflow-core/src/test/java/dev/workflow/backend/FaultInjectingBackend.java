package dev.workflow.backend;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowQuery;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Wraps a real backend and lets a test inject faults before chosen calls (a commit that throws, a
 * renewal that blocks); every call then goes to the real backend. Fault injection, not a mock: the
 * backend under the wrapper does all the work.
 */
public final class FaultInjectingBackend implements WorkflowBackend {

	private final WorkflowBackend delegate;

	private final java.util.concurrent.atomic.AtomicLong instanceReads = new java.util.concurrent.atomic.AtomicLong();

	private volatile BiConsumer<WorkflowWorkItem, WorkflowTurnCommit> beforeCompleteWorkflow = (i, r) -> {
	};

	private volatile Consumer<WorkflowWorkItem> beforeRenewWorkflow = i -> {
	};

	/**
	 * Wraps a backend.
	 * @param delegate the real backend
	 */
	public FaultInjectingBackend(WorkflowBackend delegate) {
		this.delegate = delegate;
	}

	/**
	 * Runs before every workflow commit; throw to make the commit fail.
	 * @param hook the hook
	 * @return this
	 */
	public FaultInjectingBackend beforeCompleteWorkflow(BiConsumer<WorkflowWorkItem, WorkflowTurnCommit> hook) {
		this.beforeCompleteWorkflow = hook;
		return this;
	}

	/**
	 * Runs before every workflow lease renewal; block or throw to disturb it.
	 * @param hook the hook
	 * @return this
	 */
	public FaultInjectingBackend beforeRenewWorkflow(Consumer<WorkflowWorkItem> hook) {
		this.beforeRenewWorkflow = hook;
		return this;
	}

	@Override
	public void start() {
		this.delegate.start();
	}

	@Override
	public void stop() {
		this.delegate.stop();
	}

	@Override
	public boolean createWorkflowInstance(ExecutionStarted started, NewWorkflowOptions.ReusePolicy reusePolicy) {
		return this.delegate.createWorkflowInstance(started, reusePolicy);
	}

	@Override
	public void addEvent(String instanceId, HistoryEvent event) {
		this.delegate.addEvent(instanceId, event);
	}

	@Override
	public WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait) throws InterruptedException {
		return this.delegate.nextWorkflowWorkItem(maxWait);
	}

	@Override
	public WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		return this.delegate.nextWorkflowWorkItem(maxWait, capabilities);
	}

	@Override
	public void completeWorkflowWorkItem(WorkflowWorkItem item, WorkflowTurnCommit result) {
		this.beforeCompleteWorkflow.accept(item, result);
		this.delegate.completeWorkflowWorkItem(item, result);
	}

	@Override
	public void abandonWorkflowWorkItem(WorkflowWorkItem item, Duration retryAfter) {
		this.delegate.abandonWorkflowWorkItem(item, retryAfter);
	}

	@Override
	public void renewWorkflowWorkItem(WorkflowWorkItem item) {
		this.beforeRenewWorkflow.accept(item);
		this.delegate.renewWorkflowWorkItem(item);
	}

	@Override
	public ActivityWorkItem nextActivityWorkItem(Duration maxWait) throws InterruptedException {
		return this.delegate.nextActivityWorkItem(maxWait);
	}

	@Override
	public ActivityWorkItem nextActivityWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		return this.delegate.nextActivityWorkItem(maxWait, capabilities);
	}

	@Override
	public void completeActivityWorkItem(ActivityWorkItem item, HistoryEvent result) {
		this.delegate.completeActivityWorkItem(item, result);
	}

	@Override
	public void abandonActivityWorkItem(ActivityWorkItem item, Duration retryAfter) {
		this.delegate.abandonActivityWorkItem(item, retryAfter);
	}

	@Override
	public void renewActivityWorkItem(ActivityWorkItem item) {
		this.delegate.renewActivityWorkItem(item);
	}

	@Override
	public Duration workflowLockTimeout() {
		return this.delegate.workflowLockTimeout();
	}

	@Override
	public Duration activityLockTimeout() {
		return this.delegate.activityLockTimeout();
	}

	@Override
	public void ping() {
		this.delegate.ping();
	}

	@Override
	public InstanceMetadata completeWorkflowWorkItemWithState(WorkflowWorkItem item, WorkflowTurnCommit result) {
		this.beforeCompleteWorkflow.accept(item, result);
		return this.delegate.completeWorkflowWorkItemWithState(item, result);
	}

	@Override
	public InstanceMetadata getInstance(String instanceId) {
		this.instanceReads.incrementAndGet();
		return this.delegate.getInstance(instanceId);
	}

	/**
	 * How many times {@link #getInstance} was called so far.
	 * @return the count
	 */
	public long instanceReads() {
		return this.instanceReads.get();
	}

	@Override
	public List<HistoryEvent> getHistory(String instanceId) {
		return this.delegate.getHistory(instanceId);
	}

	@Override
	public InstancePage listInstances(WorkflowQuery query) {
		return this.delegate.listInstances(query);
	}

	@Override
	public boolean purgeInstance(String instanceId) {
		return this.delegate.purgeInstance(instanceId);
	}

}
