package dev.workflow.history;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An external event was raised to the instance.
 *
 * @param timestamp when
 * @param name the event name
 * @param input the JSON payload, may be null
 * @param traceParent the W3C traceparent of the code that raised it, or null; absent from
 * histories recorded before trace propagation
 * @param traceState the W3C tracestate that goes with it, or null
 */
public record EventRaised(Instant timestamp, String name, String input,
		@JsonInclude(JsonInclude.Include.NON_NULL) String traceParent,
		@JsonInclude(JsonInclude.Include.NON_NULL) String traceState) implements HistoryEvent {

	/**
	 * An event with no stored trace context.
	 * @param timestamp when
	 * @param name the event name
	 * @param input the JSON payload, may be null
	 */
	public EventRaised(Instant timestamp, String name, String input) {
		this(timestamp, name, input, null, null);
	}

}
