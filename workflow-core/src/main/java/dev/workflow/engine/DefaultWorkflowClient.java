package dev.workflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import dev.workflow.TraceContext;
import dev.workflow.DataConverter;
import dev.workflow.NewWorkflowOptions;
import dev.workflow.PurgeInstancesCriteria;
import dev.workflow.PurgeInstancesResult;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;

/**
 * The {@link WorkflowClient} on a backend. Validates ids and payload sizes before anything is
 * written, so a rejected call leaves no trace.
 */
final class DefaultWorkflowClient implements WorkflowClient {

	private static final Duration MAX_POLL = Duration.ofMillis(100);

	/**
	 * The wait of {@link #waitForInstanceStart} and {@link #waitForInstanceCompletion} when the
	 * timeout is null: 10 minutes, what Dapr's Java client (durabletask-java) waits then.
	 */
	public static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

	private final WorkflowBackend backend;

	private final DataConverter converter;

	private final long maxPayloadBytes;

	private final InstanceWaiters waiters;

	private final Clock clock;

	private final Listeners listeners;

	private final WorkflowRegistry registry;

	/** The app new instances belong to (as in Dapr, the app whose client scheduled them), or null. */
	private final String appId;

	DefaultWorkflowClient(WorkflowBackend backend, DataConverter converter, long maxPayloadBytes,
			InstanceWaiters waiters, Clock clock, Listeners listeners, WorkflowRegistry registry, String appId) {
		this.registry = registry;
		this.appId = appId;
		this.backend = backend;
		this.converter = converter;
		this.maxPayloadBytes = maxPayloadBytes;
		this.waiters = waiters;
		this.clock = clock;
		this.listeners = listeners;
	}

	@Override
	public String scheduleNewWorkflow(String name, NewWorkflowOptions options) {
		Names.validate(name, "workflow");
		Objects.requireNonNull(options, "options");
		String instanceId = options.getInstanceId() != null ? options.getInstanceId() : InstanceIds.random();
		InstanceIds.validate(instanceId);
		String input = this.converter.serialize(options.getInput());
		Payloads.check(input, this.maxPayloadBytes, "input of workflow '" + name + "'");
		String version = options.getVersion();
		if (version != null && !WorkflowRegistry.validVersion(version)) {
			throw new IllegalArgumentException("Invalid workflow version '" + version
					+ "': a version is 1 to 64 letters, digits, '.', '_' or '-' (or null for the latest)");
		}
		create(name, instanceId, input, options.getStartTime(), options.getReusePolicy(), version);
		return instanceId;
	}

	private void create(String name, String instanceId, String input, Instant startTime,
			NewWorkflowOptions.ReusePolicy policy, String version) {
		ExecutionStarted started = new ExecutionStarted(this.clock.instant(), name, instanceId,
				UUID.randomUUID().toString(), input, null, startTime, this.appId, version);
		TraceContext trace = this.listeners.currentTraceContext();
		if (trace != null) {
			started = started.withTrace(trace.traceParent(), trace.traceState());
		}
		if (this.backend.createWorkflowInstance(started, policy)) {
			this.listeners.workflowScheduled(name, instanceId);
		}
	}

	@Override
	public Set<String> registeredWorkflowNames() {
		return this.registry == null ? Set.of() : this.registry.workflowNames();
	}

	/**
	 * The stored input is passed on as it is, not bound and serialized again, so the restarted
	 * instance gets exactly the input the first one got.
	 */
	@Override
	public String restartInstance(String instanceId, boolean restartWithNewInstanceId) {
		InstanceIds.validate(instanceId);
		InstanceMetadata m = this.backend.getInstance(instanceId);
		if (m == null) {
			throw new WorkflowInstanceNotFoundException(instanceId);
		}
		if (restartWithNewInstanceId) {
			String newId = InstanceIds.random();
			create(m.name(), newId, m.input(), null, NewWorkflowOptions.ReusePolicy.ERROR, null);
			return newId;
		}
		if (!m.status().isTerminal()) {
			throw new WorkflowInstanceExistsException(instanceId, "Cannot restart workflow instance '" + instanceId
					+ "' under its own id: it is " + m.status() + ", not finished. Restart it under a new id "
					+ "(restartWithNewInstanceId true), or wait for it to finish (or terminate it) first");
		}
		// ERROR: if it was started again since it was read, that run is not replaced
		create(m.name(), instanceId, m.input(), null, NewWorkflowOptions.ReusePolicy.ERROR, null);
		return instanceId;
	}

	@Override
	public PurgeInstancesResult purgeInstances(PurgeInstancesCriteria criteria) throws TimeoutException {
		Objects.requireNonNull(criteria, "criteria");
		PurgeInstancesCriteria bounded = new PurgeInstancesCriteria()
			.setCreatedTimeFrom(clampCreation(criteria.getCreatedTimeFrom()))
			.setCreatedTimeTo(clampCreation(criteria.getCreatedTimeTo()))
			.setRuntimeStatus(criteria.getRuntimeStatuses().toArray(new WorkflowRuntimeStatus[0]))
			.setTimeout(criteria.getTimeout());
		return new PurgeInstancesResult(this.backend.purgeInstances(bounded));
	}

	@Override
	public WorkflowInstanceStatus getInstanceState(String instanceId, boolean includeInputsAndOutputs) {
		InstanceIds.validate(instanceId);
		InstanceMetadata m = this.backend.getInstance(instanceId);
		if (m == null) {
			return null;
		}
		return new StoredInstanceStatus(m, this.converter, includeInputsAndOutputs);
	}

	@Override
	public WorkflowInstanceStatus waitForInstanceStart(String instanceId, Duration timeout,
			boolean includeInputsAndOutputs) throws TimeoutException {
		return waitFor(instanceId, timeout, includeInputsAndOutputs,
				s -> s.getRuntimeStatus() != WorkflowRuntimeStatus.PENDING, "start");
	}

	@Override
	public WorkflowInstanceStatus waitForInstanceCompletion(String instanceId, Duration timeout,
			boolean includeInputsAndOutputs) throws TimeoutException {
		return waitFor(instanceId, timeout, includeInputsAndOutputs, WorkflowInstanceStatus::isCompleted, "complete");
	}

	private WorkflowInstanceStatus waitFor(String instanceId, Duration timeout, boolean payloads,
			Predicate<WorkflowInstanceStatus> done, String what) throws TimeoutException {
		InstanceIds.validate(instanceId);
		Duration wait = timeout == null ? DEFAULT_WAIT : timeout;
		if (wait.isNegative()) {
			throw new IllegalArgumentException("Invalid timeout " + timeout + " for waiting on workflow instance '"
					+ instanceId + "': a timeout must be zero or positive (zero checks once), or null for the default wait of "
					+ DEFAULT_WAIT);
		}
		// Elapsed time is compared with the budget, so that no deadline overflows for huge timeouts.
		long budget = TimeBounds.toNanos(wait);
		long begin = System.nanoTime();
		long seen = this.waiters.register(instanceId);
		try {
			// changes made in this process wake the waiter at once; polling is for other processes
			Duration poll = Duration.ofMillis(10);
			InstanceMetadata pushed = null;
			while (true) {
				// a commit of this process that carried the instance's state spares the read
				WorkflowInstanceStatus s = pushed != null ? new StoredInstanceStatus(pushed, this.converter, payloads)
						: getInstanceState(instanceId, payloads);
				if (pushed != null && !done.test(s)) {
					s = getInstanceState(instanceId, payloads);
				}
				if (s != null && done.test(s)) {
					return s;
				}
				long left = budget - (System.nanoTime() - begin);
				if (left <= 0) {
					throw new TimeoutException("Workflow instance '" + instanceId + "' did not " + what + " within "
							+ wait + " (status: " + (s == null ? "not found" : s.getRuntimeStatus()) + ")");
				}
				long before = seen;
				seen = this.waiters.await(instanceId, seen, Duration.ofNanos(Math.min(left, poll.toNanos())));
				pushed = seen == before ? null : this.waiters.state(instanceId, seen);
				poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for workflow instance '" + instanceId + "'", ex);
		}
		finally {
			this.waiters.unregister(instanceId);
		}
	}

	@Override
	public void raiseEvent(String instanceId, String eventName, Object payload) {
		InstanceIds.validate(instanceId);
		Names.validate(eventName, "event");
		String json = this.converter.serialize(payload);
		Payloads.check(json, this.maxPayloadBytes, "payload of event '" + eventName + "'");
		TraceContext trace = this.listeners.currentTraceContext();
		send(instanceId, new EventRaised(this.clock.instant(), eventName, json, trace == null ? null : trace.traceParent(),
				trace == null ? null : trace.traceState()));
	}

	@Override
	public void suspendWorkflow(String instanceId, String reason) {
		InstanceIds.validate(instanceId);
		Payloads.check(reason, this.maxPayloadBytes, "reason of suspend");
		send(instanceId, new ExecutionSuspended(this.clock.instant(), reason));
	}

	@Override
	public void resumeWorkflow(String instanceId, String reason) {
		InstanceIds.validate(instanceId);
		Payloads.check(reason, this.maxPayloadBytes, "reason of resume");
		send(instanceId, new ExecutionResumed(this.clock.instant(), reason));
	}

	@Override
	public void terminateWorkflow(String instanceId, Object output) {
		InstanceIds.validate(instanceId);
		String json = this.converter.serialize(output);
		Payloads.check(json, this.maxPayloadBytes, "output of terminate");
		send(instanceId, new ExecutionTerminated(this.clock.instant(), json));
	}

	/** The backend throws {@link WorkflowInstanceNotFoundException} for an unknown id (its contract). */
	private void send(String instanceId, HistoryEvent event) {
		InstanceIds.validate(instanceId);
		this.backend.addEvent(instanceId, event);
	}

	@Override
	public boolean purgeInstance(String instanceId) {
		InstanceIds.validate(instanceId);
		return this.backend.purgeInstance(instanceId);
	}

	@Override
	public WorkflowQueryResult listInstances(WorkflowQuery query) {
		InstancePage page = this.backend.listInstances(query == null ? new WorkflowQuery() : withinTimeBounds(query));
		boolean payloads = query != null && query.isFetchInputsAndOutputs();
		return new WorkflowQueryResult(page.instances()
			.stream()
			.<WorkflowInstanceStatus>map(m -> new StoredInstanceStatus(m, this.converter, payloads))
			.toList(), page.continuationToken());
	}

	/**
	 * The query with its creation bounds moved into the range every backend stores: no instance is
	 * created before the epoch or after {@link TimeBounds#MAX_INSTANT}, so the answer is the same,
	 * and no backend computes with an instant its time arithmetic overflows on.
	 */
	private static WorkflowQuery withinTimeBounds(WorkflowQuery query) {
		Instant from = clampCreation(query.getCreatedFrom());
		Instant to = clampCreation(query.getCreatedTo());
		if (from == query.getCreatedFrom() && to == query.getCreatedTo()) {
			return query;
		}
		return new WorkflowQuery().setRuntimeStatus(query.getRuntimeStatuses().toArray(new WorkflowRuntimeStatus[0]))
			.setName(query.getName())
			.setInstanceIdPrefix(query.getInstanceIdPrefix())
			.setCreatedFrom(from)
			.setCreatedTo(to)
			.setPageSize(query.getPageSize())
			.setContinuationToken(query.getContinuationToken())
			.setFetchInputsAndOutputs(query.isFetchInputsAndOutputs());
	}

	private static Instant clampCreation(Instant at) {
		if (at == null) {
			return null;
		}
		if (at.isBefore(TimeBounds.MIN_INSTANT)) {
			return TimeBounds.MIN_INSTANT;
		}
		return TimeBounds.clamp(at);
	}

	@Override
	public List<HistoryEvent> getInstanceHistory(String instanceId) {
		InstanceIds.validate(instanceId);
		return this.backend.getHistory(instanceId);
	}

}
