package dev.workflow.engine;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.workflow.ActivityFunction;
import dev.workflow.WorkflowFunction;

/**
 * The workflows and activities a runtime can run, by name.
 */
public final class WorkflowRegistry {

	/**
	 * A registered workflow.
	 * @param name the name
	 * @param function the code
	 * @param inputType the type the input is bound to
	 * @param source where it was declared, for error messages
	 */
	public record RegisteredWorkflow(String name, WorkflowFunction<Object, Object> function, Type inputType,
			String source) {
	}

	/**
	 * A registered activity.
	 * @param name the name
	 * @param function the code
	 * @param inputType the type the input is bound to
	 * @param source where it was declared, for error messages
	 */
	public record RegisteredActivity(String name, ActivityFunction<Object, Object> function, Type inputType,
			String source) {
	}

	private final Map<String, RegisteredWorkflow> workflows = new ConcurrentHashMap<>();

	private final Map<String, RegisteredActivity> activities = new ConcurrentHashMap<>();

	/**
	 * Registers a workflow.
	 * @param workflow the workflow
	 * @throws dev.workflow.WorkflowDefinitionException if the name is taken, naming both sources, or
	 * breaks the name rule of {@link Names}
	 */
	public void add(RegisteredWorkflow workflow) {
		requireName(workflow.name(), "workflow", workflow.source());
		RegisteredWorkflow previous = this.workflows.putIfAbsent(workflow.name(), workflow);
		if (previous != null) {
			throw new dev.workflow.WorkflowDefinitionException("Duplicate workflow name '" + workflow.name() + "': declared by "
					+ previous.source() + " and by " + workflow.source() + "; give one of them another name");
		}
	}

	/**
	 * Registers an activity.
	 * @param activity the activity
	 * @throws dev.workflow.WorkflowDefinitionException if the name is taken, naming both sources, or
	 * breaks the name rule of {@link Names}
	 */
	public void add(RegisteredActivity activity) {
		requireName(activity.name(), "activity", activity.source());
		RegisteredActivity previous = this.activities.putIfAbsent(activity.name(), activity);
		if (previous != null) {
			throw new dev.workflow.WorkflowDefinitionException("Duplicate activity name '" + activity.name() + "': declared by "
					+ previous.source() + " and by " + activity.source() + "; give one of them another name");
		}
	}

	/** Registration fails on a name no client or workflow could use, rather than at the first call. */
	private static void requireName(String name, String kind, String source) {
		if (!Names.isValid(name)) {
			throw new dev.workflow.WorkflowDefinitionException(Names.describe(name, kind) + "; declared by " + source);
		}
	}

	/**
	 * Finds a workflow.
	 * @param name the name
	 * @return the workflow, or null
	 */
	public RegisteredWorkflow workflow(String name) {
		return this.workflows.get(name);
	}

	/**
	 * Finds an activity.
	 * @param name the name
	 * @return the activity, or null
	 */
	public RegisteredActivity activity(String name) {
		return this.activities.get(name);
	}

	/**
	 * The registered workflow names, sorted.
	 * @return the names
	 */
	public TreeSet<String> workflowNames() {
		return new TreeSet<>(this.workflows.keySet());
	}

	/**
	 * The registered activity names, sorted.
	 * @return the names
	 */
	public TreeSet<String> activityNames() {
		return new TreeSet<>(this.activities.keySet());
	}

}
