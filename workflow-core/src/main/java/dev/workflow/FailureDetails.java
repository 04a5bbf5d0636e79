package dev.workflow;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What went wrong in a failed activity, child workflow or workflow instance.
 */
public final class FailureDetails {

	private final String errorType;

	private final String errorMessage;

	private final String stackTrace;

	/**
	 * Creates failure details.
	 * @param errorType the class name of the error
	 * @param errorMessage the error's message, may be null
	 * @param stackTrace the error's stack trace as text, may be null
	 */
	@JsonCreator
	public FailureDetails(@JsonProperty("errorType") String errorType,
			@JsonProperty("errorMessage") String errorMessage, @JsonProperty("stackTrace") String stackTrace) {
		this.errorType = Objects.requireNonNull(errorType, "errorType");
		this.errorMessage = errorMessage;
		this.stackTrace = stackTrace;
	}

	/**
	 * Describes a throwable.
	 * @param error the error
	 * @return its details
	 */
	public static FailureDetails of(Throwable error) {
		java.io.StringWriter out = new java.io.StringWriter();
		error.printStackTrace(new java.io.PrintWriter(out));
		String trace = out.toString();
		if (trace.length() > 16_384) {
			trace = trace.substring(0, 16_384) + "...";
		}
		return new FailureDetails(error.getClass().getName(), error.getMessage(), trace);
	}

	/**
	 * The error's type, usually a fully qualified exception class name.
	 * @return the error type
	 */
	@JsonProperty("errorType")
	public String getErrorType() {
		return this.errorType;
	}

	/**
	 * The error's message.
	 * @return the message, may be null
	 */
	@JsonProperty("errorMessage")
	public String getErrorMessage() {
		return this.errorMessage;
	}

	/**
	 * The error's stack trace as text.
	 * @return the stack trace, may be null
	 */
	@JsonProperty("stackTrace")
	public String getStackTrace() {
		return this.stackTrace;
	}

	/**
	 * Whether the error is of the given type or was caused by it (by class name).
	 * @param type the exception type
	 * @return true if the error type names that class
	 */
	public boolean isCausedBy(Class<? extends Throwable> type) {
		return type.getName().equals(this.errorType);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof FailureDetails f && this.errorType.equals(f.errorType)
				&& Objects.equals(this.errorMessage, f.errorMessage) && Objects.equals(this.stackTrace, f.stackTrace);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.errorType, this.errorMessage);
	}

	@Override
	public String toString() {
		return this.errorType + ": " + this.errorMessage;
	}

}
