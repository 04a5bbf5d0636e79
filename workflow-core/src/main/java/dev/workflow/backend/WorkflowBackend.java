package dev.workflow.backend;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.PurgeInstancesCriteria;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Where workflow state lives and how work is handed to workers. A backend only stores and queues;
 * the engine replays workflows and runs activities. Implementations are thread-safe.
 *
 * <p>Work flows in two queues. A <em>workflow work item</em> is an instance with new events; the
 * worker that takes it holds a lease until it completes, abandons, or the lease expires, and only
 * the holder can commit. An <em>activity work item</em> is one activity call, leased the same way.
 * Leases can be renewed while work runs; an expired lease makes the work available again, and a
 * completion carrying a stale lease throws {@link WorkItemLockLostException} and changes nothing.
 */
public interface WorkflowBackend extends AutoCloseable {

	/**
	 * Starts background work (reminders, lease reaping, listeners) and recovers work left by a
	 * previous process. Idempotent. After {@link #stop()} it starts the backend again, reopening
	 * what stop closed (connection pools, listener threads, schedulers): a Spring context stop and
	 * start must leave a working backend.
	 */
	void start();

	/**
	 * Stops background work and releases connections; work items not completed become available
	 * again after their leases expire. Idempotent; {@link #start()} may follow.
	 */
	void stop();

	@Override
	default void close() {
		stop();
	}

	/**
	 * Creates an instance whose first event is {@code started}; it becomes runnable at
	 * {@code started.scheduledStartTime()} (or at once) and is PENDING until its first turn.
	 * An existing finished instance with the same id is replaced; the decision follows
	 * {@link InstanceReuse#decide}.
	 * @param started the first event
	 * @param reusePolicy what to do when an unfinished instance has the id
	 * @return true if created, false if an existing instance was kept (IGNORE)
	 * @throws WorkflowInstanceExistsException for ERROR when an unfinished instance has the id
	 */
	boolean createWorkflowInstance(ExecutionStarted started, NewWorkflowOptions.ReusePolicy reusePolicy);

	/**
	 * Adds an event (raised event, suspend, resume, terminate) to an instance's inbox. Events to a
	 * finished instance are dropped. A suspend or resume changes the stored status at once, in the
	 * same write, as {@link TurnRules#statusOnEvent} says, and the turn's commit keeps it
	 * ({@link TurnRules#statusOnCommit}). Not idempotent: each call adds one event.
	 * @param instanceId the instance
	 * @param event the event
	 * @throws WorkflowInstanceNotFoundException if no instance has the id
	 */
	void addEvent(String instanceId, HistoryEvent event);

	/**
	 * Takes the next instance with visible new events, leasing it to the caller.
	 * @param maxWait how long to wait for work
	 * @return the work item, or null if none arrived within {@code maxWait}
	 * @throws InterruptedException if interrupted while waiting
	 */
	WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait) throws InterruptedException;

	/**
	 * Takes the next instance with visible new events that a worker with these capabilities can
	 * run (see {@link WorkerCapabilities#canRunWorkflow}), leasing it to the caller. Work the
	 * worker cannot run stays for another worker. The default ignores the capabilities, which is
	 * right for a backend that only ever serves one app.
	 * @param maxWait how long to wait for work
	 * @param capabilities what the worker can run
	 * @return the work item, or null if none arrived within {@code maxWait}
	 * @throws InterruptedException if interrupted while waiting
	 */
	default WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		return nextWorkflowWorkItem(maxWait);
	}

	/**
	 * Commits a turn atomically, or not at all:
	 * <ul>
	 * <li>the instance: {@link WorkflowTurnCommit#update() update} per
	 * {@link TurnRules#metadataAfter}; the lease is released;</li>
	 * <li>the history: {@code historyToAppend} appended; with a {@code nextRun} the history is
	 * cleared instead and {@link WorkflowTurnCommit.NextRun#firstEvents()} are queued ahead of the
	 * events left in the inbox;</li>
	 * <li>the inbox: the work item's events are consumed; events that arrived after the work item
	 * was taken stay for the next turn, unless the run ended (then the inbox is cleared);</li>
	 * <li>activity calls and timers (a timer's event becomes visible at its fire time);</li>
	 * <li>the outbox, per message type: {@link OutboundMessage.StartChild} creates the child per
	 * {@link InstanceReuse#forChildStart}; {@link OutboundMessage.SendEvent} and
	 * {@link OutboundMessage.TerminateChild} add the event to the target's inbox unless the target
	 * is missing or finished, or the event is for an earlier run ({@link TurnRules#acceptsEvent}).
	 * A message to this instance's own id follows the same rule as any other; only
	 * {@code nextRun} starts this instance's next run. Messages are delivered at least once, in
	 * the same transaction or after it commits.</li>
	 * </ul>
	 * A commit that {@link WorkflowTurnCommit#consumesOnly() only consumes} its events (the run
	 * had ended before) deletes them and releases the lease, changing nothing else. A commit that
	 * {@link TurnRules#yieldsToLaterSuspend yields} to a suspend added after the work item was taken
	 * only releases the lease: the next work item carries the same events and the suspend.
	 * @param item the leased work item
	 * @param commit the turn's changes
	 * @throws WorkItemLockLostException if the lease expired or moved; nothing is changed
	 */
	void completeWorkflowWorkItem(WorkflowWorkItem item, WorkflowTurnCommit commit);

	/**
	 * {@link #completeWorkflowWorkItem}, returning the instance as the commit left it when the
	 * backend learns that without a read of its own (a database that returns the updated row), so
	 * that clients of this process waiting for the instance to end need not read it again. The
	 * default commits and returns null: waiting clients then read the instance.
	 * @param item the leased work item
	 * @param commit the turn's changes
	 * @return the instance as this commit left it (exactly what {@link #getInstance} would have
	 * returned right after the commit), or null
	 * @throws WorkItemLockLostException if the lease expired or moved; nothing is changed
	 */
	default InstanceMetadata completeWorkflowWorkItemWithState(WorkflowWorkItem item, WorkflowTurnCommit commit) {
		completeWorkflowWorkItem(item, commit);
		return null;
	}

	/**
	 * Gives a work item back without changes; it becomes available again after {@code retryAfter}
	 * with its attempt count raised. A stale lease is ignored.
	 * @param item the leased work item
	 * @param retryAfter how long to hold it back
	 */
	void abandonWorkflowWorkItem(WorkflowWorkItem item, Duration retryAfter);

	/**
	 * Extends a workflow work item's lease by the backend's lock timeout.
	 * @param item the leased work item
	 * @throws WorkItemLockLostException if the lease already expired or moved
	 */
	void renewWorkflowWorkItem(WorkflowWorkItem item);

	/**
	 * Takes the next activity call, leasing it to the caller.
	 * @param maxWait how long to wait for work
	 * @return the work item, or null if none arrived within {@code maxWait}
	 * @throws InterruptedException if interrupted while waiting
	 */
	ActivityWorkItem nextActivityWorkItem(Duration maxWait) throws InterruptedException;

	/**
	 * Takes the next activity call that a worker with these capabilities can run (see
	 * {@link WorkerCapabilities#canRunActivity}), leasing it to the caller. Calls the worker cannot
	 * run stay for another worker. The default ignores the capabilities, as for
	 * {@link #nextWorkflowWorkItem(Duration, WorkerCapabilities)}.
	 * @param maxWait how long to wait for work
	 * @param capabilities what the worker can run
	 * @return the work item, or null if none arrived within {@code maxWait}
	 * @throws InterruptedException if interrupted while waiting
	 */
	default ActivityWorkItem nextActivityWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		return nextActivityWorkItem(maxWait);
	}

	/**
	 * Commits an activity's outcome: deletes the call and adds the result event
	 * ({@link dev.workflow.history.TaskCompleted} or {@link dev.workflow.history.TaskFailed}) to
	 * the calling instance's inbox, atomically.
	 * @param item the leased work item
	 * @param result the outcome event
	 * @throws WorkItemLockLostException if the lease expired or moved; nothing is changed
	 */
	void completeActivityWorkItem(ActivityWorkItem item, HistoryEvent result);

	/**
	 * Gives an activity call back; it becomes available again after {@code retryAfter}.
	 * A stale lease is ignored.
	 * @param item the leased work item
	 * @param retryAfter how long to hold it back
	 */
	void abandonActivityWorkItem(ActivityWorkItem item, Duration retryAfter);

	/**
	 * Extends an activity work item's lease by the backend's activity lock timeout.
	 * @param item the leased work item
	 * @throws WorkItemLockLostException if the lease already expired or moved
	 */
	void renewActivityWorkItem(ActivityWorkItem item);

	/**
	 * How long a workflow lease lasts without renewal.
	 * @return the lock timeout
	 */
	Duration workflowLockTimeout();

	/**
	 * How long an activity lease lasts without renewal.
	 * @return the lock timeout
	 */
	Duration activityLockTimeout();

	/**
	 * What this backend is and where it keeps its data, for the runtime's startup line: its type
	 * and store, such as {@code jdbc (PostgreSQL 127.0.0.1:5432/orders, tables wf_*)}. Never holds
	 * credentials. Called after {@link #start()}; the default is the class name.
	 * @return the description
	 */
	default String description() {
		return getClass().getSimpleName();
	}

	/**
	 * Checks cheaply that the backend can serve requests (the database answers, the store is
	 * open); health checks call it on every probe, so it must not read instances.
	 * @throws RuntimeException describing why the backend cannot serve requests
	 */
	default void ping() {
		getInstance("health-check-ping");
	}

	/**
	 * Reads an instance's metadata.
	 * @param instanceId the instance
	 * @return the metadata, or null if there is no such instance
	 */
	InstanceMetadata getInstance(String instanceId);

	/**
	 * Reads an instance's recorded history (current run).
	 * @param instanceId the instance
	 * @return the events in order, empty if there is no such instance
	 */
	List<HistoryEvent> getHistory(String instanceId);

	/**
	 * Lists instances matching a query, ordered by creation time then id.
	 * @param query the filters and page; its continuation token is a {@link ContinuationToken}
	 * @return one page
	 */
	InstancePage listInstances(WorkflowQuery query);

	/**
	 * Deletes a finished instance and everything stored for it.
	 * @param instanceId the instance
	 * @return true if deleted, false if there was no such instance
	 * @throws IllegalStateException if the instance has not finished
	 * ({@link BackendErrors#purgeOfUnfinished})
	 */
	boolean purgeInstance(String instanceId);

	/**
	 * Deletes the finished instances that match the criteria, as {@link #purgeInstance} does one by
	 * one. Not atomic: an instance that matched and was restarted meanwhile is skipped, one that
	 * finishes meanwhile may or may not be deleted. Batch-safe on large stores: the default walks
	 * the matching instances a page at a time (keyset paging, so deleting behind the cursor skips
	 * nothing) and holds no transaction across pages; a backend may override it with a bulk delete
	 * of the same meaning.
	 * @param criteria created-time range, terminal statuses and an optional timeout
	 * @return how many instances were deleted
	 * @throws TimeoutException if the criteria's timeout passed before the purge finished; what was
	 * deleted by then stays deleted
	 */
	default int purgeInstances(PurgeInstancesCriteria criteria) throws TimeoutException {
		PurgeDeadline deadline = PurgeDeadline.start(criteria);
		WorkflowQuery page = new WorkflowQuery()
			.setRuntimeStatus(criteria.effectiveStatuses().toArray(new WorkflowRuntimeStatus[0]))
			.setCreatedFrom(criteria.getCreatedTimeFrom())
			.setCreatedTo(criteria.getCreatedTimeTo())
			.setPageSize(PURGE_PAGE_SIZE);
		int deleted = 0;
		while (true) {
			deadline.check(deleted);
			InstancePage found = listInstances(page);
			for (InstanceMetadata m : found.instances()) {
				deadline.check(deleted);
				try {
					if (purgeInstance(m.instanceId())) {
						deleted++;
					}
				}
				catch (IllegalStateException restarted) {
					// started again since the page was read: no longer finished, so not purged
				}
			}
			if (found.continuationToken() == null) {
				return deleted;
			}
			page.setContinuationToken(found.continuationToken());
		}
	}

	/** How many instances {@link #purgeInstances} reads per page. */
	int PURGE_PAGE_SIZE = 500;

}
