package dev.workflow.history;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The workflow called an activity.
 *
 * @param timestamp when
 * @param eventId the task's sequence number in the run
 * @param name the activity name
 * @param input the JSON input, may be null
 * @param appId the app the call was sent to, or null for any app that registered the activity
 */
public record TaskScheduled(Instant timestamp, int eventId, String name, String input,
		@JsonInclude(JsonInclude.Include.NON_NULL) String appId) implements HistoryEvent {

	/**
	 * An activity call for any app that registered the activity.
	 * @param timestamp when
	 * @param eventId the task's sequence number in the run
	 * @param name the activity name
	 * @param input the JSON input, may be null
	 */
	public TaskScheduled(Instant timestamp, int eventId, String name, String input) {
		this(timestamp, eventId, name, input, null);
	}

}
