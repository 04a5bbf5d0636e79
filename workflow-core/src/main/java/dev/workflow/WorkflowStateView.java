package dev.workflow;

import java.time.Instant;

/**
 * A {@link WorkflowState} over a {@link WorkflowInstanceStatus} that is not one (a client of
 * another implementation, a stub in a test): every call goes to the status.
 */
final class WorkflowStateView implements WorkflowState {

	private final WorkflowInstanceStatus status;

	WorkflowStateView(WorkflowInstanceStatus status) {
		this.status = status;
	}

	@Override
	public String getName() {
		return this.status.getName();
	}

	@Override
	public String getInstanceId() {
		return this.status.getInstanceId();
	}

	@Override
	public WorkflowRuntimeStatus getRuntimeStatus() {
		return this.status.getRuntimeStatus();
	}

	@Override
	public Instant getCreatedAt() {
		return this.status.getCreatedAt();
	}

	@Override
	public Instant getLastUpdatedAt() {
		return this.status.getLastUpdatedAt();
	}

	@Override
	public <T> T readInputAs(Class<T> type) {
		return this.status.readInputAs(type);
	}

	@Override
	public <T> T readOutputAs(Class<T> type) {
		return this.status.readOutputAs(type);
	}

	@Override
	public <T> T readCustomStatusAs(Class<T> type) {
		return this.status.readCustomStatusAs(type);
	}

	@Override
	public String getSerializedInput() {
		return this.status.getSerializedInput();
	}

	@Override
	public String getSerializedOutput() {
		return this.status.getSerializedOutput();
	}

	@Override
	public String getSerializedCustomStatus() {
		return this.status.getSerializedCustomStatus();
	}

	@Override
	public FailureDetails getFailureDetails() {
		return this.status.getFailureDetails();
	}

	@Override
	public boolean isRunning() {
		return this.status.isRunning();
	}

	@Override
	public boolean isCompleted() {
		return this.status.isCompleted();
	}

	@Override
	public String toString() {
		return this.status.toString();
	}

}
