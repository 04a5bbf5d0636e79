package dev.workflow.grpc.durabletask;

import java.time.Instant;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestrationStatus;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.TaskFailureDetails;

/**
 * The Microsoft flavour's scalar conversions: optional strings (protobuf {@code StringValue}, where
 * "unset" and "empty" differ), timestamps, statuses and failures.
 */
final class MicrosoftValues {

	private MicrosoftValues() {
	}

	static StringValue text(String value) {
		return StringValue.of(value);
	}

	/** The value, or null when the field is unset (an SDK sends no input as an unset field). */
	static String text(boolean present, StringValue value) {
		return present ? value.getValue() : null;
	}

	static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	static OrchestrationStatus status(WorkflowRuntimeStatus status) {
		return switch (status) {
			case RUNNING -> OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
			case COMPLETED -> OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED;
			case CONTINUED_AS_NEW -> OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW;
			case FAILED -> OrchestrationStatus.ORCHESTRATION_STATUS_FAILED;
			case CANCELED -> OrchestrationStatus.ORCHESTRATION_STATUS_CANCELED;
			case TERMINATED -> OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED;
			case PENDING -> OrchestrationStatus.ORCHESTRATION_STATUS_PENDING;
			case SUSPENDED -> OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED;
			// The 1.5.0 protocol has no stalled state: a stalled run (a version this side cannot
			// replay) is alive and waiting for a deployment, which is closest to running.
			case STALLED -> OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
		};
	}

	static WorkflowRuntimeStatus status(OrchestrationStatus status) {
		return switch (status) {
			case ORCHESTRATION_STATUS_RUNNING -> WorkflowRuntimeStatus.RUNNING;
			case ORCHESTRATION_STATUS_COMPLETED -> WorkflowRuntimeStatus.COMPLETED;
			case ORCHESTRATION_STATUS_CONTINUED_AS_NEW -> WorkflowRuntimeStatus.CONTINUED_AS_NEW;
			case ORCHESTRATION_STATUS_FAILED -> WorkflowRuntimeStatus.FAILED;
			case ORCHESTRATION_STATUS_CANCELED -> WorkflowRuntimeStatus.CANCELED;
			case ORCHESTRATION_STATUS_TERMINATED -> WorkflowRuntimeStatus.TERMINATED;
			case ORCHESTRATION_STATUS_PENDING -> WorkflowRuntimeStatus.PENDING;
			case ORCHESTRATION_STATUS_SUSPENDED -> WorkflowRuntimeStatus.SUSPENDED;
			case UNRECOGNIZED -> throw new IllegalArgumentException(
					"Unknown orchestration status number; the Microsoft durabletask protocol defines 0 to 7");
		};
	}

	static TaskFailureDetails failure(FailureDetails failure) {
		TaskFailureDetails.Builder builder = TaskFailureDetails.newBuilder()
			.setErrorType(nullToEmpty(failure.getErrorType()))
			.setErrorMessage(nullToEmpty(failure.getErrorMessage()))
			.setIsNonRetriable(failure.isNonRetriable());
		if (failure.getStackTrace() != null) {
			builder.setStackTrace(text(failure.getStackTrace()));
		}
		if (failure.getInnerFailure() != null) {
			builder.setInnerFailure(failure(failure.getInnerFailure()));
		}
		return builder.build();
	}

	static FailureDetails failure(TaskFailureDetails failure) {
		FailureDetails inner = failure.hasInnerFailure() ? failure(failure.getInnerFailure()) : null;
		return new FailureDetails(failure.getErrorType(), failure.getErrorMessage(),
				text(failure.hasStackTrace(), failure.getStackTrace()), inner, failure.getIsNonRetriable());
	}

	private static String nullToEmpty(String value) {
		return value == null ? "" : value;
	}

}
