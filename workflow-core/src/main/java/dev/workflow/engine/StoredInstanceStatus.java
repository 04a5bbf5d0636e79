package dev.workflow.engine;

import java.time.Instant;
import java.util.Objects;

import dev.workflow.DataConverter;
import dev.workflow.FailureDetails;
import dev.workflow.WorkflowState;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;

/**
 * The {@link dev.workflow.WorkflowInstanceStatus} (also a Dapr-named {@link WorkflowState}) the
 * client hands out: a backend's metadata read through the runtime's converter. It lives in the engine so that the public API never sees an SPI type.
 */
final class StoredInstanceStatus implements WorkflowState {

	private final InstanceMetadata metadata;

	private final DataConverter converter;

	/** Whether input, output and custom status were read; without them the read methods throw. */
	private final boolean payloadsFetched;

	/**
	 * A status as read from the backend.
	 * @param metadata the metadata; its payloads are dropped unless {@code payloadsFetched}
	 * @param converter the runtime's converter
	 * @param payloadsFetched whether the caller asked for input, output and custom status
	 */
	StoredInstanceStatus(InstanceMetadata metadata, DataConverter converter, boolean payloadsFetched) {
		Objects.requireNonNull(metadata, "metadata");
		this.metadata = payloadsFetched ? metadata : metadata.withoutPayloads();
		this.converter = Objects.requireNonNull(converter, "converter");
		this.payloadsFetched = payloadsFetched;
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
		requirePayloads("readInputAs");
		return this.converter.deserialize(this.metadata.input(), type);
	}

	@Override
	public <T> T readOutputAs(Class<T> type) {
		requirePayloads("readOutputAs");
		return this.converter.deserialize(this.metadata.output(), type);
	}

	@Override
	public <T> T readCustomStatusAs(Class<T> type) {
		requirePayloads("readCustomStatusAs");
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

	/**
	 * Tells "not fetched" from "null", as durabletask does: a status read without payloads has
	 * none to bind, and returning null would read as a workflow whose input or output is null.
	 */
	private void requirePayloads(String method) {
		if (!this.payloadsFetched) {
			throw new IllegalStateException("Cannot call " + method + " on the status of workflow instance '"
					+ getInstanceId() + "': its input, output and custom status were not fetched. Fetch them with "
					+ "getInstanceState(id, true), waitForInstanceStart/waitForInstanceCompletion(id, timeout, true) "
					+ "or listInstances(new WorkflowQuery().setFetchInputsAndOutputs(true))");
		}
	}

	@Override
	public String toString() {
		return "WorkflowInstanceStatus[" + getInstanceId() + " " + getName() + " " + getRuntimeStatus() + "]";
	}

}
