package dev.workflow;

import java.time.Duration;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
	 * Schedules the workflow a class stands for (see {@link #workflowName(Class)}), without input,
	 * under a random instance id: Dapr's {@code scheduleNewWorkflow(Class)}.
	 * @param workflowClass the class
	 * @return the instance id
	 * @throws IllegalArgumentException if the class stands for no workflow, or for more than one
	 */
	default String scheduleNewWorkflow(Class<?> workflowClass) {
		return scheduleNewWorkflow(workflowName(workflowClass));
	}

	/**
	 * Schedules the workflow a class stands for under a random instance id.
	 * @param workflowClass the class (see {@link #workflowName(Class)})
	 * @param input the input, serialized to JSON
	 * @return the instance id
	 * @throws IllegalArgumentException if the class stands for no workflow, or for more than one
	 */
	default String scheduleNewWorkflow(Class<?> workflowClass, Object input) {
		return scheduleNewWorkflow(workflowName(workflowClass), input);
	}

	/**
	 * Schedules the workflow a class stands for under the given instance id.
	 * @param workflowClass the class (see {@link #workflowName(Class)})
	 * @param input the input, serialized to JSON
	 * @param instanceId the id: 1 to 64 characters of {@code [A-Za-z0-9_:.-]}
	 * @return the instance id
	 * @throws IllegalArgumentException if the class stands for no workflow, or for more than one
	 */
	default String scheduleNewWorkflow(Class<?> workflowClass, Object input, String instanceId) {
		return scheduleNewWorkflow(workflowName(workflowClass), input, instanceId);
	}

	/**
	 * Schedules the workflow a class stands for.
	 * @param workflowClass the class (see {@link #workflowName(Class)})
	 * @param options id, input, start time and reuse policy
	 * @return the instance id
	 * @throws IllegalArgumentException if the class stands for no workflow, or for more than one
	 */
	default String scheduleNewWorkflow(Class<?> workflowClass, NewWorkflowOptions options) {
		return scheduleNewWorkflow(workflowName(workflowClass), options);
	}

	/**
	 * The workflow name a class stands for, for the {@code scheduleNewWorkflow(Class, ...)}
	 * overloads: the name of its {@link Workflow @Workflow} methods when they all have one name (one
	 * method, or versions of one workflow); otherwise its canonical or simple name when a workflow
	 * of that name is {@link #registeredWorkflowNames() registered} (Dapr registers a workflow class
	 * under its canonical name).
	 * @param workflowClass the class
	 * @return the workflow name
	 * @throws IllegalArgumentException if the class stands for no workflow, or for more than one;
	 * the message lists the registered workflows
	 */
	default String workflowName(Class<?> workflowClass) {
		if (workflowClass == null) {
			throw new IllegalArgumentException("workflowClass must not be null");
		}
		Set<String> declared = new TreeSet<>();
		for (Class<?> c = workflowClass; c != null && c != Object.class; c = c.getSuperclass()) {
			for (Method m : c.getDeclaredMethods()) {
				Workflow w = m.getAnnotation(Workflow.class);
				if (w != null) {
					declared.add(w.name().isEmpty() ? m.getName() : w.name());
				}
			}
		}
		if (declared.size() == 1) {
			return declared.iterator().next();
		}
		Set<String> registered = registeredWorkflowNames();
		if (declared.isEmpty()) {
			for (String candidate : new String[] { workflowClass.getCanonicalName(), workflowClass.getName(),
					workflowClass.getSimpleName() }) {
				if (candidate != null && registered.contains(candidate)) {
					return candidate;
				}
			}
		}
		throw new IllegalArgumentException("Class " + workflowClass.getName() + " does not stand for one workflow: "
				+ (declared.isEmpty() ? "it declares no @Workflow method and no workflow is registered under its name"
						: "its @Workflow methods name several workflows " + declared + "; schedule one by name")
				+ ". A class stands for a workflow when its @Workflow methods all have one name, or when a workflow "
				+ "is registered under its canonical or simple name. Registered workflows: " + registered);
	}

	/**
	 * The workflow names registered with this client's runtime, sorted; used to map a class to a
	 * name and to say what is registered when it cannot.
	 * @return the names; empty when this client does not know them
	 */
	default Set<String> registeredWorkflowNames() {
		return Set.of();
	}

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
	 * Waits until an instance has started, without payloads (durabletask's two-argument form).
	 * @param instanceId the instance
	 * @param timeout how long to wait: null for the default wait
	 * @return the state
	 * @throws TimeoutException if it did not start in time
	 */
	default WorkflowInstanceStatus waitForInstanceStart(String instanceId, Duration timeout) throws TimeoutException {
		return waitForInstanceStart(instanceId, timeout, false);
	}

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
	 * Reads an instance's state: {@link #getInstanceState} under the name Dapr's Java SDK now uses.
	 * @param instanceId the instance
	 * @param getInputsAndOutputs whether to include input, output and custom status
	 * @return the state, or null if there is no such instance
	 */
	default WorkflowState getWorkflowState(String instanceId, boolean getInputsAndOutputs) {
		return WorkflowState.of(getInstanceState(instanceId, getInputsAndOutputs));
	}

	/**
	 * Waits until an instance has started: {@link #waitForInstanceStart} under the name Dapr's Java
	 * SDK now uses.
	 * @param instanceId the instance
	 * @param timeout how long to wait, null for the default wait
	 * @param getInputsAndOutputs whether to include payloads
	 * @return the state
	 * @throws TimeoutException if it did not start in time
	 */
	default WorkflowState waitForWorkflowStart(String instanceId, Duration timeout, boolean getInputsAndOutputs)
			throws TimeoutException {
		return WorkflowState.of(waitForInstanceStart(instanceId, timeout, getInputsAndOutputs));
	}

	/**
	 * Waits until an instance has finished: {@link #waitForInstanceCompletion} under the name Dapr's
	 * Java SDK now uses.
	 * @param instanceId the instance
	 * @param timeout how long to wait, null for the default wait
	 * @param getInputsAndOutputs whether to include payloads
	 * @return the state
	 * @throws TimeoutException if it did not finish in time
	 */
	default WorkflowState waitForWorkflowCompletion(String instanceId, Duration timeout, boolean getInputsAndOutputs)
			throws TimeoutException {
		return WorkflowState.of(waitForInstanceCompletion(instanceId, timeout, getInputsAndOutputs));
	}

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
	 * Raises an external event without payload (durabletask's two-argument form).
	 * @param instanceId the instance
	 * @param eventName the event name
	 * @throws WorkflowInstanceNotFoundException if there is no such instance
	 */
	default void raiseEvent(String instanceId, String eventName) {
		raiseEvent(instanceId, eventName, null);
	}

	/**
	 * Suspends an instance: it processes no events until resumed. Its status reads SUSPENDED as soon
	 * as this returns (on the actors backend with several processes, once the instance's owner took
	 * the request in). It takes effect in the instance's next turn, even over code that would end or
	 * continue as new in that turn. A turn already under way when the suspend arrives is not
	 * stored if it would move the run on (it is taken again with the suspend), so nothing moves on
	 * behind the SUSPENDED status; if it finishes the run, the run stays finished.
	 * @param instanceId the instance
	 * @param reason why, may be null; within the payload size limit
	 */
	void suspendWorkflow(String instanceId, String reason);

	/**
	 * Resumes a suspended instance. Its status reads RUNNING as soon as this returns (on the actors
	 * backend with several processes, once the instance's owner took the request in).
	 * @param instanceId the instance
	 * @param reason why, may be null; within the payload size limit
	 */
	void resumeWorkflow(String instanceId, String reason);

	/**
	 * Terminates an instance and, recursively, its running child workflows. It wins over whatever the
	 * code does in the instance's next turn (ending, failing, continuing as new). As in Dapr and
	 * durabletask, the request is recorded when this returns and applied by that next turn (which
	 * records the output and terminates the children): the status reads TERMINATED shortly after,
	 * so wait with {@link #waitForInstanceCompletion} rather than reading the status at once.
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
	 * Deletes a finished instance and its history: {@link #purgeInstance} under the name Dapr's
	 * Java SDK now uses.
	 * @param instanceId the instance
	 * @return true if deleted, false if there was no such instance
	 * @throws IllegalStateException if the instance has not finished
	 */
	default boolean purgeWorkflow(String instanceId) {
		return purgeInstance(instanceId);
	}

	/**
	 * Deletes the finished instances created in a time range and in some terminal statuses
	 * (durabletask's {@code purgeInstances(PurgeInstanceCriteria)}). Works through large stores a
	 * page at a time; not atomic. Like {@link #purgeInstance(String)}, it deletes no child
	 * instances: they are instances of their own, matched by the criteria like any other.
	 * @param criteria created-time range, statuses and an optional timeout; unset filters match every
	 * finished instance
	 * @return how many instances were deleted
	 * @throws TimeoutException if the criteria's timeout passed first; what was deleted by then stays
	 * deleted
	 */
	PurgeInstancesResult purgeInstances(PurgeInstancesCriteria criteria) throws TimeoutException;

	/**
	 * Starts an instance again with its workflow name and input, as durabletask's
	 * {@code restartInstance}: under a new random id, or under the same id, which replaces the
	 * finished instance and its history.
	 * @param instanceId the instance to restart
	 * @param restartWithNewInstanceId true to start under a new id (the instance may still be
	 * running), false to reuse the id (the instance must have finished)
	 * @return the id of the started instance
	 * @throws WorkflowInstanceNotFoundException if there is no such instance
	 * @throws WorkflowInstanceExistsException if the id is reused and the instance has not finished
	 */
	String restartInstance(String instanceId, boolean restartWithNewInstanceId);

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
