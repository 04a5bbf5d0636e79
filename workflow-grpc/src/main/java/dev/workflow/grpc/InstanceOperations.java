package dev.workflow.grpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.PurgeInstancesCriteria;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.engine.Payloads;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;

/**
 * The client side of the protocol (start, query, wait, raise, suspend, resume, terminate, purge),
 * flavour-neutral: payloads stay the JSON text the SDK sent, never deserialized, and the same
 * rules as the Java client apply (instance ids of 1 to 64 letters, digits and {@code _-:.};
 * payloads within the size limit), with the same exceptions, which {@link GrpcStatuses} maps to
 * gRPC status codes. Waits wake as soon as this process commits a turn of the instance, whether
 * its own engine ran it or a remote worker did.
 */
public final class InstanceOperations {

	/** The wait when the caller gives none, as the Java client's. */
	private static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

	private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9_:.\\-]{1,64}");

	private final WorkflowRuntime runtime;

	private final WorkflowBackend backend;

	private final String appId;

	private final long maxPayloadBytes;

	private final Clock clock;

	private final CommitSignals signals;

	/**
	 * Creates the operations for a runtime.
	 * @param runtime the runtime whose backend and client serve the calls
	 * @param appId the app id new instances are for (the runtime's), or null
	 * @param maxPayloadBytes the payload size limit
	 * @param clock the clock for event timestamps
	 */
	public InstanceOperations(WorkflowRuntime runtime, String appId, long maxPayloadBytes, Clock clock) {
		this.runtime = Objects.requireNonNull(runtime, "runtime");
		this.backend = runtime.backend();
		this.appId = appId;
		this.maxPayloadBytes = maxPayloadBytes;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.signals = CommitSignals.of(this.backend);
	}

	/**
	 * Schedules a new instance.
	 * @param name the workflow name
	 * @param instanceId the id, or null/empty for a random one
	 * @param input the JSON input, or null
	 * @param startAt when to start, or null for now
	 * @param reusePolicy what to do when an unfinished instance has the id
	 * @param version the workflow version, or null
	 * @return the instance id
	 * @throws IllegalArgumentException for a bad name, id or payload
	 * @throws dev.workflow.WorkflowInstanceExistsException for ERROR when the id is taken
	 */
	public String start(String name, String instanceId, String input, Instant startAt,
			NewWorkflowOptions.ReusePolicy reusePolicy, String version) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A workflow name is required to start an instance");
		}
		String id = instanceId == null || instanceId.isEmpty() ? UUID.randomUUID().toString() : instanceId;
		checkId(id);
		Payloads.check(input, this.maxPayloadBytes, "input of workflow '" + name + "'");
		ExecutionStarted started = new ExecutionStarted(this.clock.instant(), name, id, UUID.randomUUID().toString(),
				input, null, startAt, this.appId, version);
		this.backend.createWorkflowInstance(started,
				reusePolicy == null ? NewWorkflowOptions.ReusePolicy.ERROR : reusePolicy);
		return id;
	}

	/**
	 * Reads an instance.
	 * @param instanceId the instance
	 * @return its metadata with the JSON payloads, or null if there is none
	 */
	public InstanceMetadata get(String instanceId) {
		checkId(instanceId);
		return this.backend.getInstance(instanceId);
	}

	/**
	 * Waits until an instance has started (is no longer PENDING).
	 * @param instanceId the instance
	 * @param timeout how long to wait, or null for the default wait
	 * @return its metadata
	 * @throws TimeoutException past the timeout
	 */
	public InstanceMetadata waitForStart(String instanceId, Duration timeout) throws TimeoutException {
		checkId(instanceId);
		return waitFor(instanceId, timeout, m -> m.status() != WorkflowRuntimeStatus.PENDING, "start");
	}

	/**
	 * Waits until an instance has finished.
	 * @param instanceId the instance
	 * @param timeout how long to wait, or null for the default wait
	 * @return its metadata
	 * @throws TimeoutException past the timeout
	 */
	public InstanceMetadata waitForCompletion(String instanceId, Duration timeout) throws TimeoutException {
		checkId(instanceId);
		return waitFor(instanceId, timeout, m -> m.status().isTerminal(), "complete");
	}

	/**
	 * Raises an event.
	 * @param instanceId the instance
	 * @param name the event name
	 * @param input the JSON payload, or null
	 * @throws WorkflowInstanceNotFoundException if there is no such instance
	 */
	public void raiseEvent(String instanceId, String name, String input) {
		checkId(instanceId);
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("An event name is required to raise an event on '" + instanceId + "'");
		}
		Payloads.check(input, this.maxPayloadBytes, "payload of event '" + name + "'");
		add(instanceId, new EventRaised(this.clock.instant(), name, input));
	}

	/**
	 * Suspends an instance.
	 * @param instanceId the instance
	 * @param reason why, or null
	 */
	public void suspend(String instanceId, String reason) {
		checkId(instanceId);
		Payloads.check(reason, this.maxPayloadBytes, "reason of suspend");
		add(instanceId, new ExecutionSuspended(this.clock.instant(), reason));
	}

	/**
	 * Resumes an instance.
	 * @param instanceId the instance
	 * @param reason why, or null
	 */
	public void resume(String instanceId, String reason) {
		checkId(instanceId);
		Payloads.check(reason, this.maxPayloadBytes, "reason of resume");
		add(instanceId, new ExecutionResumed(this.clock.instant(), reason));
	}

	/**
	 * Terminates an instance (its running children end with it, as the engine does).
	 * @param instanceId the instance
	 * @param output the JSON output it ends with, or null
	 */
	public void terminate(String instanceId, String output) {
		checkId(instanceId);
		Payloads.check(output, this.maxPayloadBytes, "output of terminate");
		add(instanceId, new ExecutionTerminated(this.clock.instant(), output));
	}

	/**
	 * Deletes a finished instance.
	 * @param instanceId the instance
	 * @return true if deleted, false if there was none
	 * @throws IllegalStateException if it has not finished
	 */
	public boolean purge(String instanceId) {
		checkId(instanceId);
		return this.backend.purgeInstance(instanceId);
	}

	/**
	 * Deletes the finished instances matching the criteria.
	 * @param criteria the filter
	 * @return how many were deleted
	 * @throws TimeoutException if the criteria's timeout passed
	 */
	public int purge(PurgeInstancesCriteria criteria) throws TimeoutException {
		return this.backend.purgeInstances(criteria);
	}

	/**
	 * Lists instances.
	 * @param query the filter and page
	 * @return one page
	 */
	public InstancePage list(WorkflowQuery query) {
		return this.backend.listInstances(query);
	}

	/**
	 * Reads an instance's history (current run).
	 * @param instanceId the instance
	 * @return the events
	 * @throws WorkflowInstanceNotFoundException if there is no such instance
	 */
	public List<HistoryEvent> history(String instanceId) {
		checkId(instanceId);
		if (this.backend.getInstance(instanceId) == null) {
			throw new WorkflowInstanceNotFoundException(instanceId);
		}
		return this.backend.getHistory(instanceId);
	}

	private void add(String instanceId, HistoryEvent event) {
		this.backend.addEvent(instanceId, event);
	}

	/**
	 * Waits for a state of an instance. Workflows this process runs itself wake the runtime's client
	 * at once; turns of remote workers are committed by the hub, which wakes {@link CommitSignals}
	 * instead (the client would only poll for those). Either way the backend is polled too (10 ms
	 * doubling to 100 ms), for changes made by other processes.
	 */
	private InstanceMetadata waitFor(String instanceId, Duration timeout, Predicate<InstanceMetadata> done,
			String what) throws TimeoutException {
		Duration wait = timeout == null ? DEFAULT_WAIT : timeout;
		if (wait.isNegative()) {
			throw new IllegalArgumentException("Invalid timeout " + timeout + " for waiting on workflow instance '"
					+ instanceId + "': a timeout must be zero or positive (zero checks once), or null for the default wait");
		}
		// elapsed time is compared with the budget, so that no deadline overflows for huge timeouts
		long budget = wait.compareTo(Duration.ofDays(100_000)) > 0 ? Long.MAX_VALUE : wait.toNanos();
		long begin = System.nanoTime();
		// watched before the first read, so that no commit after it goes unnoticed
		long seen = this.signals.watch(instanceId);
		try {
			InstanceMetadata m = this.backend.getInstance(instanceId);
			if (m != null && !this.signals.runsRemotely(m.name())) {
				if (what.equals("start")) {
					this.runtime.client().waitForInstanceStart(instanceId, timeout, false);
				}
				else {
					this.runtime.client().waitForInstanceCompletion(instanceId, timeout, false);
				}
				return this.backend.getInstance(instanceId);
			}
			long poll = 10;
			while (m == null || !done.test(m)) {
				long left = budget - (System.nanoTime() - begin);
				if (left <= 0) {
					throw new TimeoutException("Workflow instance '" + instanceId + "' did not " + what + " within "
							+ wait + " (status: " + (m == null ? "not found" : m.status()) + ")");
				}
				seen = this.signals.await(instanceId, seen, Duration.ofNanos(Math.min(left, poll * 1_000_000)));
				poll = Math.min(poll * 2, 100);
				m = this.backend.getInstance(instanceId);
			}
			return m;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for workflow instance '" + instanceId + "'", ex);
		}
		finally {
			this.signals.unwatch(instanceId);
		}
	}

	private static void checkId(String instanceId) {
		if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
			throw new IllegalArgumentException("Invalid workflow instance id '" + instanceId
					+ "': an instance id is 1 to 64 characters of letters, digits, '_', '-', ':' or '.'");
		}
	}

}
