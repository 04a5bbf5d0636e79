package dev.workflow;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What went wrong in a failed activity, child workflow or workflow instance: the error's type,
 * message and stack trace, the chain of its causes ({@link #getInnerFailure()}) and whether it may be
 * retried. Stored as JSON in histories; the inner failure and the non-retriable flag are optional
 * there, so details recorded before they existed read as having no cause and being retriable.
 */
public final class FailureDetails {

	/** How many causes are kept: enough to see the root of real chains, bounded for cyclic ones. */
	static final int MAX_INNER_DEPTH = 10;

	private static final int MAX_TRACE_CHARS = 16_384;

	/** Inner messages are kept short: the outer stack trace already holds the whole chain. */
	private static final int MAX_INNER_MESSAGE_CHARS = 2_048;

	private final String errorType;

	private final String errorMessage;

	private final String stackTrace;

	private final FailureDetails innerFailure;

	private final boolean nonRetriable;

	/**
	 * Creates failure details without a cause, retriable.
	 * @param errorType the class name of the error
	 * @param errorMessage the error's message, may be null
	 * @param stackTrace the error's stack trace as text, may be null
	 */
	public FailureDetails(String errorType, String errorMessage, String stackTrace) {
		this(errorType, errorMessage, stackTrace, null, false);
	}

	/**
	 * Creates failure details.
	 * @param errorType the class name of the error
	 * @param errorMessage the error's message, may be null
	 * @param stackTrace the error's stack trace as text, may be null
	 * @param innerFailure the failure that caused this one, may be null
	 * @param nonRetriable whether retries must not be attempted
	 */
	public FailureDetails(String errorType, String errorMessage, String stackTrace, FailureDetails innerFailure,
			boolean nonRetriable) {
		this.errorType = Objects.requireNonNull(errorType, "errorType");
		this.errorMessage = errorMessage;
		this.stackTrace = stackTrace;
		this.innerFailure = innerFailure;
		this.nonRetriable = nonRetriable;
	}

	@JsonCreator
	static FailureDetails fromJson(@JsonProperty("errorType") String errorType,
			@JsonProperty("errorMessage") String errorMessage, @JsonProperty("stackTrace") String stackTrace,
			@JsonProperty("innerFailure") FailureDetails innerFailure,
			@JsonProperty("nonRetriable") Boolean nonRetriable) {
		// Both new fields may be missing in histories written before they existed.
		return new FailureDetails(errorType, errorMessage, stackTrace, innerFailure, Boolean.TRUE.equals(nonRetriable));
	}

	/**
	 * Describes a throwable: its type, message and stack trace (the causes included in the trace),
	 * and its causes as inner failures, at most {@value #MAX_INNER_DEPTH} deep. It is non-retriable
	 * when the throwable or one of its causes is a {@link NonRetriableException}.
	 * @param error the error
	 * @return its details
	 */
	public static FailureDetails of(Throwable error) {
		java.io.StringWriter out = new java.io.StringWriter();
		error.printStackTrace(new java.io.PrintWriter(out));
		String trace = out.toString();
		if (trace.length() > MAX_TRACE_CHARS) {
			trace = trace.substring(0, MAX_TRACE_CHARS) + "...";
		}
		// The causes, innermost first built last; a cyclic cause chain stops where it repeats.
		Map<Throwable, Boolean> seen = new IdentityHashMap<>();
		seen.put(error, Boolean.TRUE);
		java.util.List<Throwable> causes = new java.util.ArrayList<>();
		boolean nonRetriable = error instanceof NonRetriableException;
		for (Throwable c = error.getCause(); c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
			nonRetriable |= c instanceof NonRetriableException;
			if (causes.size() < MAX_INNER_DEPTH) {
				causes.add(c);
			}
		}
		FailureDetails inner = null;
		for (int i = causes.size() - 1; i >= 0; i--) {
			Throwable c = causes.get(i);
			inner = new FailureDetails(c.getClass().getName(), shortened(c.getMessage()), null, inner, false);
		}
		return new FailureDetails(error.getClass().getName(), error.getMessage(), trace, inner, nonRetriable);
	}

	private static String shortened(String text) {
		return text == null || text.length() <= MAX_INNER_MESSAGE_CHARS ? text
				: text.substring(0, MAX_INNER_MESSAGE_CHARS) + "...";
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
	 * The error's stack trace as text (for an error with causes, their traces are part of it).
	 * @return the stack trace, may be null (always null for inner failures)
	 */
	@JsonProperty("stackTrace")
	public String getStackTrace() {
		return this.stackTrace;
	}

	/**
	 * The failure that caused this one: the error's cause, whose own inner failure is its cause,
	 * and so on, at most {@value #MAX_INNER_DEPTH} deep.
	 * @return the cause's details, or null when the error had no cause
	 */
	@JsonProperty("innerFailure")
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public FailureDetails getInnerFailure() {
		return this.innerFailure;
	}

	/**
	 * Whether retries must not be attempted: the error was (or was caused by) a
	 * {@link NonRetriableException}. Retry policies and retry handlers skip such failures.
	 * @return true if non-retriable
	 */
	@JsonProperty("nonRetriable")
	@JsonInclude(JsonInclude.Include.NON_DEFAULT)
	public boolean isNonRetriable() {
		return this.nonRetriable;
	}

	/**
	 * Whether the recorded error is of the given type: its type names that class, or names a class
	 * that can be loaded here and is a subclass of it (a recorded {@code RuntimeException} is caused
	 * by {@code Exception}). Only the error itself is compared, as in durabletask; look at
	 * {@link #getInnerFailure()} for its causes.
	 * @param type the exception type
	 * @return true if the recorded error is of that type
	 */
	public boolean isCausedBy(Class<? extends Throwable> type) {
		if (type.getName().equals(this.errorType)) {
			return true;
		}
		Class<?> recorded = load(this.errorType);
		return recorded != null && type.isAssignableFrom(recorded);
	}

	private static Class<?> load(String name) {
		ClassLoader[] loaders = { Thread.currentThread().getContextClassLoader(), FailureDetails.class.getClassLoader() };
		for (ClassLoader loader : loaders) {
			try {
				// not initialized: loading a type name from history must not run its static code
				return Class.forName(name, false, loader);
			}
			catch (ClassNotFoundException | LinkageError | IllegalArgumentException ex) {
				// try the next loader
			}
		}
		return null;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof FailureDetails f && this.errorType.equals(f.errorType)
				&& Objects.equals(this.errorMessage, f.errorMessage) && Objects.equals(this.stackTrace, f.stackTrace)
				&& Objects.equals(this.innerFailure, f.innerFailure) && this.nonRetriable == f.nonRetriable;
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
