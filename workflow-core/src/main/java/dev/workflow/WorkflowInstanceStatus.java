package dev.workflow;

import java.time.Instant;
import java.util.Objects;

import dev.workflow.backend.InstanceMetadata;

/**
 * A snapshot of a workflow instance's state, as returned by {@link WorkflowClient}.
 */
public final class WorkflowInstanceStatus {

	private final InstanceMetadata metadata;

	private final DataConverter converter;

	/**
	 * Wraps backend metadata.
	 * @param metadata the stored metadata
	 * @param converter reads the JSON payloads
	 */
	public WorkflowInstanceStatus(InstanceMetadata metadata, DataConverter converter) {
		this.metadata = Objects.requireNonNull(metadata, "metadata");
		this.converter = Objects.requireNonNull(converter, "converter");
	}

	/**
	 * The workflow name.
	 * @return the name
	 */
	public String getName() {
		return this.metadata.name();
	}

	/**
	 * The instance id.
	 * @return the id
	 */
	public String getInstanceId() {
		return this.metadata.instanceId();
	}

	/**
	 * The runtime status.
	 * @return the status
	 */
	public WorkflowRuntimeStatus getRuntimeStatus() {
		return this.metadata.status();
	}

	/**
	 * When the instance was scheduled.
	 * @return the creation time
	 */
	public Instant getCreatedAt() {
		return this.metadata.createdAt();
	}

	/**
	 * When the instance's state last changed.
	 * @return the last update time
	 */
	public Instant getLastUpdatedAt() {
		return this.metadata.lastUpdatedAt();
	}

	/**
	 * The input bound to a type.
	 * @param type the type
	 * @param <T> the type
	 * @return the input, or null
	 */
	public <T> T readInputAs(Class<T> type) {
		return this.converter.deserialize(this.metadata.input(), type);
	}

	/**
	 * The output bound to a type.
	 * @param type the type
	 * @param <T> the type
	 * @return the output, or null
	 */
	public <T> T readOutputAs(Class<T> type) {
		return this.converter.deserialize(this.metadata.output(), type);
	}

	/**
	 * The custom status bound to a type.
	 * @param type the type
	 * @param <T> the type
	 * @return the custom status, or null
	 */
	public <T> T readCustomStatusAs(Class<T> type) {
		return this.converter.deserialize(this.metadata.customStatus(), type);
	}

	/**
	 * The raw JSON input.
	 * @return the JSON text, or null
	 */
	public String getSerializedInput() {
		return this.metadata.input();
	}

	/**
	 * The raw JSON output.
	 * @return the JSON text, or null
	 */
	public String getSerializedOutput() {
		return this.metadata.output();
	}

	/**
	 * The raw JSON custom status.
	 * @return the JSON text, or null
	 */
	public String getSerializedCustomStatus() {
		return this.metadata.customStatus();
	}

	/**
	 * What went wrong.
	 * @return the failure details, null unless FAILED
	 */
	public FailureDetails getFailureDetails() {
		return this.metadata.status() == WorkflowRuntimeStatus.FAILED ? this.metadata.failure() : null;
	}

	/**
	 * Whether the instance has not finished (running, pending, suspended or continued as new).
	 * @return true if not finished
	 */
	public boolean isRunning() {
		return !this.metadata.status().isTerminal();
	}

	/**
	 * Whether the instance has finished (completed, failed, canceled or terminated).
	 * @return true if finished
	 */
	public boolean isCompleted() {
		return this.metadata.status().isTerminal();
	}

	@Override
	public String toString() {
		return "WorkflowInstanceStatus[" + getInstanceId() + " " + getName() + " " + getRuntimeStatus() + "]";
	}

}
