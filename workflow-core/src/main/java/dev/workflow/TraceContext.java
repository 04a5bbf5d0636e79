package dev.workflow;

import java.util.regex.Pattern;

/**
 * A W3C trace context (<a href="https://www.w3.org/TR/trace-context/">traceparent and tracestate</a>)
 * of the code that scheduled a workflow instance or raised an event. The runtime stores it with
 * the instance or the event, so the turns and activities that follow continue that trace, in
 * another process or after a restart.
 *
 * @param traceParent the {@code traceparent}: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}
 * @param traceState the {@code tracestate}, or null when there is none
 */
public record TraceContext(String traceParent, String traceState) {

	private static final Pattern TRACE_PARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	/** W3C caps tracestate at 32 members; 512 characters holds what real tracers send. */
	private static final int MAX_TRACE_STATE = 512;

	/**
	 * Checks the trace parent's form.
	 * @throws IllegalArgumentException if the trace parent is not a W3C traceparent, or the trace
	 * state is longer than 512 characters
	 */
	public TraceContext {
		if (!isValidTraceParent(traceParent)) {
			throw new IllegalArgumentException("Invalid traceparent '" + traceParent
					+ "': expected 00-<32 lower-case hex trace id>-<16 hex parent id>-<2 hex flags>, ids not all zero");
		}
		if (traceState != null && traceState.length() > MAX_TRACE_STATE) {
			throw new IllegalArgumentException("The tracestate is " + traceState.length()
					+ " characters long; at most " + MAX_TRACE_STATE + " are kept");
		}
		if (traceState != null && traceState.isBlank()) {
			traceState = null;
		}
	}

	/**
	 * A trace context from stored values, or null when they do not form a valid one (histories
	 * recorded without it, or by a tracer that sent something else): tracing is best effort and
	 * must never fail a workflow.
	 * @param traceParent the stored traceparent, may be null
	 * @param traceState the stored tracestate, may be null
	 * @return the trace context, or null
	 */
	public static TraceContext ofNullable(String traceParent, String traceState) {
		if (!isValidTraceParent(traceParent)) {
			return null;
		}
		return new TraceContext(traceParent,
				traceState != null && traceState.length() <= MAX_TRACE_STATE ? traceState : null);
	}

	/**
	 * The trace id, the second field of the trace parent.
	 * @return 32 lower-case hex digits
	 */
	public String traceId() {
		return this.traceParent.substring(3, 35);
	}

	private static boolean isValidTraceParent(String value) {
		return value != null && TRACE_PARENT.matcher(value).matches() && !value.startsWith("ff")
				&& !value.substring(3, 35).equals("0".repeat(32)) && !value.substring(36, 52).equals("0".repeat(16));
	}

}
