package dev.workflow;

import java.time.Instant;

/**
 * Options for {@link WorkflowClient#scheduleNewWorkflow(String, NewWorkflowOptions)}.
 */
public final class NewWorkflowOptions {

	/**
	 * What to do when the instance id is already taken by an instance that has not finished.
	 */
	public enum ReusePolicy {

		/** Throw {@link WorkflowInstanceExistsException} (the default). */
		ERROR,

		/** Keep the existing instance and return its id; the new input is ignored. */
		IGNORE,

		/** Terminate the existing instance and start the new one in its place. */
		TERMINATE

	}

	// The same range as the engine's TimeBounds (a test checks that they agree); kept here so the
	// public API does not reach into the engine and a bad time fails where it is set.
	private static final Instant EARLIEST_START = Instant.EPOCH;

	private static final Instant LATEST_START = Instant.parse("9999-12-31T23:59:59Z");

	private String instanceId;

	private Object input;

	private Instant startTime;

	private ReusePolicy reusePolicy = ReusePolicy.ERROR;

	private String version;

	/**
	 * Sets the instance id: 1 to 64 characters of {@code [A-Za-z0-9_:.-]}; a random UUID if unset.
	 * @param instanceId the id
	 * @return this
	 */
	public NewWorkflowOptions setInstanceId(String instanceId) {
		this.instanceId = instanceId;
		return this;
	}

	/**
	 * Sets the input.
	 * @param input the input, serialized to JSON
	 * @return this
	 */
	public NewWorkflowOptions setInput(Object input) {
		this.input = input;
		return this;
	}

	/**
	 * Sets when the instance starts running; it is PENDING until then. A time in the past starts it
	 * at once.
	 * @param startTime the start time, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, or null
	 * for now
	 * @return this
	 * @throws IllegalArgumentException for a time outside that range
	 */
	public NewWorkflowOptions setStartTime(Instant startTime) {
		if (startTime != null
				&& (startTime.isBefore(EARLIEST_START) || startTime.isAfter(LATEST_START))) {
			throw new IllegalArgumentException("Invalid startTime " + startTime + ": a start time must be from "
					+ EARLIEST_START + " to " + LATEST_START + ", or null to start now");
		}
		this.startTime = startTime;
		return this;
	}

	/**
	 * Runs the new instance on a given version of the workflow (see {@link Workflow#version()})
	 * instead of the latest; durabletask's {@code setVersion}. A version no running app registered
	 * leaves the instance STALLED until one does. A continue-as-new of it takes the latest again.
	 * @param version the version, or null for the latest
	 * @return this
	 */
	public NewWorkflowOptions setVersion(String version) {
		this.version = version;
		return this;
	}

	/**
	 * The version asked for.
	 * @return the version, or null for the latest
	 */
	public String getVersion() {
		return this.version;
	}

	/**
	 * Sets what happens when the id is taken by an unfinished instance.
	 * @param reusePolicy the policy
	 * @return this
	 */
	public NewWorkflowOptions setReusePolicy(ReusePolicy reusePolicy) {
		this.reusePolicy = reusePolicy == null ? ReusePolicy.ERROR : reusePolicy;
		return this;
	}

	/**
	 * The instance id.
	 * @return the id, or null for a random one
	 */
	public String getInstanceId() {
		return this.instanceId;
	}

	/**
	 * The input.
	 * @return the input, may be null
	 */
	public Object getInput() {
		return this.input;
	}

	/**
	 * The start time.
	 * @return the start time, or null for now
	 */
	public Instant getStartTime() {
		return this.startTime;
	}

	/**
	 * The reuse policy.
	 * @return the policy
	 */
	public ReusePolicy getReusePolicy() {
		return this.reusePolicy;
	}

}
