package dev.workflow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;

/**
 * What a workflow method uses to do durable work. Every method here is deterministic on replay:
 * it returns the same results, in the same order, each time the workflow re-runs over its history.
 */
public interface WorkflowContext {

	/**
	 * The workflow's registered name.
	 * @return the name
	 */
	String getName();

	/**
	 * The id of this workflow instance.
	 * @return the instance id
	 */
	String getInstanceId();

	/**
	 * The current time as recorded in history for this step: the same value on every replay.
	 * Use it instead of {@code Instant.now()}.
	 * @return the deterministic current time
	 */
	Instant getCurrentInstant();

	/**
	 * Whether the code is re-running over history that was already recorded.
	 * @return true while replaying
	 */
	boolean isReplaying();

	/**
	 * Whether a named code change (a patch) applies to this run, as Dapr's {@code isPatched}: true
	 * when the run reaches this call first with the patch in the code (a new run, or a run whose
	 * recorded history ends before this point), false while replaying history that was recorded
	 * without the patch, so a running instance keeps the path it took. The first true is recorded
	 * in the history, so the answer never changes for the run. Keep the old branch until no run
	 * that started before the patch is left.
	 * <pre>{@code
	 * if (ctx.isPatched("validate-first")) {
	 *     ctx.callActivity("validate", order, Boolean.class).await();
	 * }
	 * }</pre>
	 * @param patchName names the change: case-sensitive, 1 to 256 characters, not blank; never
	 * reused for another change
	 * @return whether the patched code path runs
	 * @throws IllegalArgumentException if the name is null, blank or too long
	 */
	boolean isPatched(String patchName);

	/**
	 * A logger that is silent while the workflow replays, so each line is written once.
	 * @return the replay-safe logger
	 */
	Logger getLogger();

	/**
	 * Calls an activity.
	 * @param name the activity name
	 * @param input the input, serialized to JSON, may be null
	 * @param resultType the result type
	 * @param <V> the result type
	 * @return the task for the result
	 */
	default <V> Task<V> callActivity(String name, Object input, Class<V> resultType) {
		return callActivity(name, input, null, resultType);
	}

	/**
	 * Calls an activity with options, such as a retry policy.
	 * @param name the activity name: 1 to 256 characters, not blank, without control characters
	 * (otherwise {@link IllegalArgumentException} at once)
	 * @param input the input, may be null
	 * @param options the options, may be null
	 * @param resultType the result type
	 * @param <V> the result type
	 * @return the task for the result
	 */
	<V> Task<V> callActivity(String name, Object input, TaskOptions options, Class<V> resultType);

	/**
	 * Calls an activity whose result is not needed.
	 * @param name the activity name
	 * @param input the input, may be null
	 * @return the task, done when the activity finished
	 */
	default Task<Void> callActivity(String name, Object input) {
		return callActivity(name, input, null, Void.class);
	}

	/**
	 * Calls an activity without input (the activity receives null).
	 * @param name the activity name
	 * @param resultType the result type; null is taken as {@code Void.class}
	 * @param <V> the result type
	 * @return the task for the result
	 */
	@SuppressWarnings("unchecked")
	default <V> Task<V> callActivity(String name, Class<V> resultType) {
		return callActivity(name, null, null, resultType != null ? resultType : (Class<V>) Void.class);
	}

	/**
	 * Calls an activity with options, whose result is not needed.
	 * @param name the activity name
	 * @param input the input, may be null
	 * @param options the options, may be null
	 * @return the task, done when the activity finished
	 */
	default Task<Void> callActivity(String name, Object input, TaskOptions options) {
		return callActivity(name, input, options, Void.class);
	}

	/**
	 * Calls an activity that takes no input and returns nothing of interest.
	 * @param name the activity name
	 * @return the task
	 */
	default Task<Void> callActivity(String name) {
		return callActivity(name, null, null, Void.class);
	}

	/**
	 * Starts a durable timer. A fire time past 9999-12-31T23:59:59Z (any huge delay) is clamped to
	 * it: such a timer never fires in practice.
	 * @param delay how long from {@link #getCurrentInstant()}
	 * @return a task that completes when the timer fires
	 */
	Task<Void> createTimer(Duration delay);

	/**
	 * Starts a durable timer that fires at an instant, at the latest 9999-12-31T23:59:59Z (a later
	 * instant is clamped to that).
	 * @param fireAt when to fire
	 * @return a task that completes when the timer fires
	 */
	Task<Void> createTimer(Instant fireAt);

	/**
	 * Starts a durable timer that fires at a zoned date-time (its instant; the zone does not
	 * matter otherwise).
	 * @param fireAt when to fire
	 * @return a task that completes when the timer fires
	 */
	default Task<Void> createTimer(ZonedDateTime fireAt) {
		return createTimer(fireAt.toInstant());
	}

	/**
	 * Waits for an external event without a timeout. An event raised before the wait is buffered
	 * and completes the wait at once.
	 * @param name the event name (case-insensitive)
	 * @param dataType the payload type
	 * @param <V> the payload type
	 * @return the task for the payload
	 */
	default <V> Task<V> waitForExternalEvent(String name, Class<V> dataType) {
		return waitForExternalEvent(name, null, dataType);
	}

	/**
	 * Waits for an external event whose payload is not needed, without a timeout.
	 * @param name the event name (case-insensitive)
	 * @return the task, done when the event arrived
	 */
	default Task<Void> waitForExternalEvent(String name) {
		return waitForExternalEvent(name, null, Void.class);
	}

	/**
	 * Waits for an external event whose payload is not needed, at most the given time.
	 * @param name the event name (case-insensitive)
	 * @param timeout the longest wait, or null for none
	 * @return the task; it is canceled with {@link TaskCanceledException} on timeout
	 */
	default Task<Void> waitForExternalEvent(String name, Duration timeout) {
		return waitForExternalEvent(name, timeout, Void.class);
	}

	/**
	 * Waits for an external event, at most the given time.
	 * @param name the event name (case-insensitive): 1 to 256 characters, not blank, without
	 * control characters (otherwise {@link IllegalArgumentException} at once)
	 * @param timeout the longest wait, or null for none
	 * @param dataType the payload type
	 * @param <V> the payload type
	 * @return the task for the payload; it is canceled with {@link TaskCanceledException} on timeout,
	 * whose message reads as in durabletask: {@code Timeout of <timeout> expired while waiting for an
	 * event named '<name>' (ID = <id>).}
	 */
	<V> Task<V> waitForExternalEvent(String name, Duration timeout, Class<V> dataType);

	/**
	 * Starts a child workflow without input, whose output is not needed, with a derived instance id.
	 * @param name the workflow name
	 * @return the task, done when the child finished
	 */
	default Task<Void> callChildWorkflow(String name) {
		return callChildWorkflow(name, null, null, null, Void.class);
	}

	/**
	 * Starts a child workflow whose output is not needed, with a derived instance id.
	 * @param name the workflow name
	 * @param input the input, may be null
	 * @return the task, done when the child finished
	 */
	default Task<Void> callChildWorkflow(String name, Object input) {
		return callChildWorkflow(name, input, null, null, Void.class);
	}

	/**
	 * Starts a child workflow without input (it receives null), with a derived instance id.
	 * @param name the workflow name
	 * @param resultType the output type; null is taken as {@code Void.class}
	 * @param <V> the output type
	 * @return the task for the child's output
	 */
	@SuppressWarnings("unchecked")
	default <V> Task<V> callChildWorkflow(String name, Class<V> resultType) {
		return callChildWorkflow(name, null, null, null, resultType != null ? resultType : (Class<V>) Void.class);
	}

	/**
	 * Starts a child workflow with a given instance id.
	 * @param name the workflow name
	 * @param input the input, may be null
	 * @param instanceId the child's instance id, or null to derive one
	 * @param resultType the output type
	 * @param <V> the output type
	 * @return the task for the child's output
	 */
	default <V> Task<V> callChildWorkflow(String name, Object input, String instanceId, Class<V> resultType) {
		return callChildWorkflow(name, input, instanceId, null, resultType);
	}

	/**
	 * Starts a child workflow with a given instance id and options, whose output is not needed.
	 * @param name the workflow name
	 * @param input the input, may be null
	 * @param instanceId the child's instance id, or null to derive one
	 * @param options the options, may be null
	 * @return the task, done when the child finished
	 */
	default Task<Void> callChildWorkflow(String name, Object input, String instanceId, TaskOptions options) {
		return callChildWorkflow(name, input, instanceId, options, Void.class);
	}

	/**
	 * Starts a child workflow with a derived instance id.
	 * @param name the workflow name
	 * @param input the input, may be null
	 * @param resultType the output type
	 * @param <V> the output type
	 * @return the task for the child's output
	 */
	default <V> Task<V> callChildWorkflow(String name, Object input, Class<V> resultType) {
		return callChildWorkflow(name, input, null, null, resultType);
	}

	/**
	 * Starts a child workflow.
	 * @param name the workflow name: 1 to 256 characters, not blank, without control characters
	 * (otherwise {@link IllegalArgumentException} at once)
	 * @param input the input, may be null
	 * @param instanceId the child's instance id, or null to derive one from this instance's id; this
	 * instance's own id is refused: awaiting the task then throws {@link TaskFailedException}
	 * @param options the options, may be null
	 * @param resultType the output type
	 * @param <V> the output type
	 * @return the task for the child's output
	 */
	<V> Task<V> callChildWorkflow(String name, Object input, String instanceId, TaskOptions options,
			Class<V> resultType);

	/**
	 * Ends this run and restarts the workflow with new input and an empty history. External events
	 * received and not yet awaited are carried into the new run (as in Dapr and durabletask). This
	 * method does not return.
	 * @param input the new input
	 */
	default void continueAsNew(Object input) {
		continueAsNew(input, true);
	}

	/**
	 * Ends this run and restarts the workflow with new input and an empty history. This method does
	 * not return. A terminate or suspend that arrived for this turn wins: the instance ends
	 * TERMINATED, or is SUSPENDED and continues as new once resumed. An input over the payload size
	 * limit throws {@link IllegalArgumentException}.
	 * @param input the new input
	 * @param preserveUnprocessedEvents whether external events received but not yet awaited are
	 * carried into the new run
	 */
	void continueAsNew(Object input, boolean preserveUnprocessedEvents);

	/**
	 * Completes the run with the given output, as Dapr's {@code ctx.complete(output)} does; what the
	 * workflow method would return is not used. This method does not return. An output over the
	 * payload size limit fails the run.
	 * @param output the output, serialized to JSON, may be null
	 */
	void complete(Object output);

	/**
	 * A task that completes when all the given tasks complete, with their results in order. If any
	 * fails, awaiting it throws a {@link CompositeTaskFailedException} carrying every failed task's
	 * exception, once all are done.
	 * @param tasks the tasks
	 * @param <V> the result type
	 * @return the combined task
	 */
	<V> Task<List<V>> allOf(List<Task<V>> tasks);

	/**
	 * A task that completes when all the given tasks complete; see {@link #allOf(List)}.
	 * @param tasks the tasks
	 * @param <V> the result type
	 * @return the combined task
	 */
	@SuppressWarnings("unchecked")
	default <V> Task<List<V>> allOf(Task<V>... tasks) {
		return allOf(Arrays.asList(tasks));
	}

	/**
	 * A task that completes when any of the given tasks completes, with that task as its result.
	 * @param tasks the tasks
	 * @return the task whose result is the first task done
	 */
	Task<Task<?>> anyOf(List<Task<?>> tasks);

	/**
	 * A task that completes when any of the given tasks completes, with that task as its result.
	 * @param tasks the tasks
	 * @return the task whose result is the first task done
	 */
	default Task<Task<?>> anyOf(Task<?>... tasks) {
		return anyOf(Arrays.asList(tasks));
	}

	/**
	 * Raises an event on another workflow instance, as {@link WorkflowClient#raiseEvent} does from
	 * outside: the event is recorded in this workflow's history and sent once this turn is committed,
	 * exactly once per run (not again on replay). An event for an instance that does not exist or
	 * has finished is dropped silently; the sender is not told.
	 * @param instanceId the receiving instance's id
	 * @param eventName the event name
	 * @param payload the payload, serialized to JSON, may be null
	 * @throws IllegalArgumentException if the id or name is invalid, or the payload is over the size
	 * limit
	 */
	void sendEvent(String instanceId, String eventName, Object payload);

	/**
	 * Raises an event without a payload on another workflow instance; see
	 * {@link #sendEvent(String, String, Object)}.
	 * @param instanceId the receiving instance's id
	 * @param eventName the event name
	 */
	default void sendEvent(String instanceId, String eventName) {
		sendEvent(instanceId, eventName, null);
	}

	/**
	 * The workflow that started this one as a child workflow.
	 * @return the parent, or null for an instance started by a client (top level)
	 */
	ParentInstance getParentInstance();

	/**
	 * This run's input, read as the given type.
	 * @param type the type
	 * @param <V> the type
	 * @return the input, or null when there was none
	 */
	<V> V getInput(Class<V> type);

	/**
	 * Sets a custom status visible to clients through {@link WorkflowInstanceStatus#readCustomStatusAs}.
	 * @param status the status, serialized to JSON; null clears it
	 * @throws IllegalArgumentException if the serialized status is over the payload size limit
	 */
	void setCustomStatus(Object status);

	/**
	 * Clears the custom status, as {@code setCustomStatus(null)} does.
	 */
	default void clearCustomStatus() {
		setCustomStatus(null);
	}

	/**
	 * A UUID that is the same on every replay (name-based on the instance id and a counter).
	 * @return a deterministic UUID
	 */
	UUID newUuid();

}
