package dev.workflow;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.workflow.history.HistoryEvent;

/**
 * Schedules and manages workflow instances. The verbs follow Dapr's {@code DaprWorkflowClient}.
 * Inject it in Spring, or take it from {@link WorkflowRuntime#client()}.
 */
public interface WorkflowClient {

	/**
	 * Schedules a workflow without input under a random instance id.
	 * @param name the workflow name
	 * @return the instance id
	 */
	default String scheduleNewWorkflow(String name) {
		return scheduleNewWorkflow(name, new NewWorkflowOptions());
	}

	/**
	 * Schedules a workflow under a random instance id.
	 * @param name the workflow name
	 * @param input the input, serialized to JSON
	 * @return the instance id
	 */
	default String scheduleNewWorkflow(String name, Object input) {
		return scheduleNewWorkflow(name, new NewWorkflowOptions().setInput(input));
	}

	/**
	 * Schedules a workflow under the given instance id.
	 * @param name the workflow name
	 * @param input the input, serialized to JSON
	 * @param instanceId the id: 1 to 64 characters of {@code [A-Za-z0-9_:.-]}
	 * @return the instance id
	 */
	default String scheduleNewWorkflow(String name, Object input, String instanceId) {
		return scheduleNewWorkflow(name, new NewWorkflowOptions().setInput(input).setInstanceId(instanceId));
	}

	/**
	 * Schedules a workflow.
	 * @param name the workflow name: 1 to 256 characters, not blank, without control characters
	 * @param options id, input, start time and reuse policy
	 * @return the instance id
	 * @throws IllegalArgumentException for an invalid name or id, or an input over the payload size
	 * limit; nothing is written then
	 * @throws WorkflowInstanceExistsException if the id is taken by an unfinished instance and
	 * the reuse policy is ERROR
	 */
	String scheduleNewWorkflow(String name, NewWorkflowOptions options);

	/**
	 * Reads an instance's state.
	 * @param instanceId the instance
	 * @param includeInputsAndOutputs whether to include input, output and custom status
	 * @return the state, or null if there is no such instance
	 */
	WorkflowInstanceStatus getInstanceState(String instanceId, boolean includeInputsAndOutputs);

	/**
	 * Waits until an instance has started (left PENDING).
	 * @param instanceId the instance
	 * @param timeout how long to wait: null for the default of 10 minutes (as Dapr's Java client),
	 * zero to check once; a huge timeout waits as long as it takes
	 * @throws IllegalArgumentException for a negative timeout
	 * @param includeInputsAndOutputs whether to include payloads
	 * @return the state
	 * @throws TimeoutException if it did not start in time
	 */
	WorkflowInstanceStatus waitForInstanceStart(String instanceId, Duration timeout, boolean includeInputsAndOutputs)
			throws TimeoutException;

	/**
	 * Waits until an instance has finished (completed, failed, canceled or terminated).
	 * @param instanceId the instance
	 * @param timeout how long to wait: null for the default of 10 minutes (as Dapr's Java client),
	 * zero to check once; a huge timeout waits as long as it takes
	 * @throws IllegalArgumentException for a negative timeout
	 * @param includeInputsAndOutputs whether to include payloads
	 * @return the state
	 * @throws TimeoutException if it did not finish in time
	 */
	WorkflowInstanceStatus waitForInstanceCompletion(String instanceId, Duration timeout,
			boolean includeInputsAndOutputs) throws TimeoutException;

	/**
	 * Raises an external event to an instance. Events raised before the workflow waits are
	 * buffered. Event names are case-insensitive.
	 * @param instanceId the instance
	 * @param eventName the event name: 1 to 256 characters, not blank, without control characters
	 * @param payload the payload, serialized to JSON, may be null
	 * @throws WorkflowInstanceNotFoundException if there is no such instance
	 * @throws IllegalArgumentException for an invalid name or a payload over the size limit
	 */
	void raiseEvent(String instanceId, String eventName, Object payload);

	/**
	 * Suspends an instance: it processes no events until resumed. It takes effect in the instance's
	 * next turn, even over code that would end or continue as new in that turn.
	 * @param instanceId the instance
	 * @param reason why, may be null; within the payload size limit
	 */
	void suspendWorkflow(String instanceId, String reason);

	/**
	 * Resumes a suspended instance.
	 * @param instanceId the instance
	 * @param reason why, may be null; within the payload size limit
	 */
	void resumeWorkflow(String instanceId, String reason);

	/**
	 * Terminates an instance and, recursively, its running child workflows. It wins over whatever the
	 * code does in the instance's next turn (ending, failing, continuing as new).
	 * @param instanceId the instance
	 * @param output the output to record, may be null; within the payload size limit
	 */
	void terminateWorkflow(String instanceId, Object output);

	/**
	 * Deletes a finished instance and its history.
	 * @param instanceId the instance
	 * @return true if deleted, false if there was no such instance
	 * @throws IllegalStateException if the instance has not finished
	 */
	boolean purgeInstance(String instanceId);

	/**
	 * Lists instances.
	 * @param query filters and paging
	 * @return one page
	 */
	WorkflowQueryResult listInstances(WorkflowQuery query);

	/**
	 * Reads an instance's recorded history, for diagnosis and replay tests.
	 * @param instanceId the instance
	 * @return the events, empty if there is no such instance
	 */
	List<HistoryEvent> getInstanceHistory(String instanceId);

}
