package dev.workflow.grpc.durabletask;

import java.time.Instant;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.grpc.OrchestrationStatuses;
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
		return OrchestrationStatus.forNumber(OrchestrationStatuses.number(status));
	}

	static WorkflowRuntimeStatus status(OrchestrationStatus status) {
		return OrchestrationStatuses.of(status.getNumber());
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
