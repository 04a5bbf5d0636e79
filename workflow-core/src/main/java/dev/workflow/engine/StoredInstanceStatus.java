package dev.workflow.engine;

import java.time.Instant;
import java.util.Objects;

import dev.workflow.DataConverter;
import dev.workflow.FailureDetails;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;

/**
 * The {@link WorkflowInstanceStatus} the client hands out: a backend's metadata read through the
 * runtime's converter. It lives in the engine so that the public API never sees an SPI type.
 */
final class StoredInstanceStatus implements WorkflowInstanceStatus {

	private final InstanceMetadata metadata;

	private final DataConverter converter;

	StoredInstanceStatus(InstanceMetadata metadata, DataConverter converter) {
		this.metadata = Objects.requireNonNull(metadata, "metadata");
		this.converter = Objects.requireNonNull(converter, "converter");
	}

	@Override
	public String getName() {
		return this.metadata.name();
	}

	@Override
	public String getInstanceId() {
		return this.metadata.instanceId();
	}

	@Override
	public WorkflowRuntimeStatus getRuntimeStatus() {
		return this.metadata.status();
	}

	@Override
	public Instant getCreatedAt() {
		return this.metadata.createdAt();
	}

	@Override
	public Instant getLastUpdatedAt() {
		return this.metadata.lastUpdatedAt();
	}

	@Override
	public <T> T readInputAs(Class<T> type) {
		return this.converter.deserialize(this.metadata.input(), type);
	}

	@Override
	public <T> T readOutputAs(Class<T> type) {
		return this.converter.deserialize(this.metadata.output(), type);
	}

	@Override
	public <T> T readCustomStatusAs(Class<T> type) {
		return this.converter.deserialize(this.metadata.customStatus(), type);
	}

	@Override
	public String getSerializedInput() {
		return this.metadata.input();
	}

	@Override
	public String getSerializedOutput() {
		return this.metadata.output();
	}

	@Override
	public String getSerializedCustomStatus() {
		return this.metadata.customStatus();
	}

	@Override
	public FailureDetails getFailureDetails() {
		return this.metadata.status() == WorkflowRuntimeStatus.FAILED ? this.metadata.failure() : null;
	}

	@Override
	public String toString() {
		return "WorkflowInstanceStatus[" + getInstanceId() + " " + getName() + " " + getRuntimeStatus() + "]";
	}

}
