package dev.workflow;

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

}
