package dev.workflow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an activity knows about the call it serves. Declare it as the first parameter of an
 * {@link Activity} method to receive it.
 */
public interface ActivityContext {

	/**
	 * The activity's name.
	 * @return the name
	 */
	String getName();

	/**
	 * The id of the workflow instance that called the activity.
	 * @return the instance id
	 */
	String getInstanceId();

	/**
	 * The call's sequence number within the workflow; stable across retries of delivery, so it
	 * can serve, with the instance id, as an idempotency key.
	 * @return the task id
	 */
	int getTaskId();

	/**
	 * How many times this call has been delivered, starting at 1 (greater after a crash or a lost
	 * lease; retries by a {@link RetryPolicy} are new calls with new task ids).
	 * @return the delivery attempt
	 */
	int getAttempt();

	/**
	 * The call's input read as the given type, as Dapr's activity context offers it; an activity
	 * method usually declares the input as its parameter instead.
	 * @param type the type
	 * @param <T> the type
	 * @return the input, or null when the call had none
	 * @throws UnsupportedOperationException from a context that does not hold the input
	 */
	default <T> T getInput(Class<T> type) {
		throw new UnsupportedOperationException("This ActivityContext (" + getClass().getName()
				+ ") does not hold the call's input; declare the input as the activity method's parameter");
	}

	/**
	 * A logger named after the activity: {@code dev.workflow.activity.<name>}, so the level of all
	 * activities, or of one, can be set by that name.
	 * @return the logger
	 */
	default Logger getLogger() {
		return LoggerFactory.getLogger("dev.workflow.activity." + getName());
	}

	/**
	 * The W3C trace parent ({@code traceparent}) of this call, for continuing its trace (Dapr's
	 * {@code getTraceParent}). When the code that scheduled the instance (or raised the event the
	 * calling turn handled) ran in a trace, and a listener supplied it (in Spring, through
	 * Micrometer), it is that stored trace parent, so the call continues the caller's trace in any
	 * process and after restarts. Otherwise the runtime derives it from the call: the trace id from
	 * the workflow instance (every call of one instance shares the trace), the span id from the run
	 * and the task, the same on every attempt. Null only for a context that knows no call.
	 * @return the trace parent, or null when there is none
	 */
	default String getTraceParent() {
		return null;
	}

}
