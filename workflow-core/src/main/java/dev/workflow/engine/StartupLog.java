package dev.workflow.engine;

import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.backend.WorkflowBackend;

/**
 * The one INFO line a runtime writes each time it starts: the backend and its store (from
 * {@link WorkflowBackend#description()}, without credentials), how many workflows and activities
 * are registered and how many workers run them; the names follow at DEBUG, so an operator who
 * wonders why a workflow is "not registered" turns that on (as Dapr's sidecar logs its
 * registrations). Backends keep their own start details at DEBUG, so no two lines say the same.
 */
final class StartupLog {

	private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

	private StartupLog() {
	}

	/** Logs the runtime's start; called by {@link WorkflowEngine#start()} once the backend started. */
	static void started(WorkflowBackend backend, WorkflowRegistry registry, int workflowThreads, int activityThreads) {
		Set<String> workflows = users(registry.workflowNames());
		Set<String> activities = users(registry.activityNames());
		if (log.isInfoEnabled()) {
			log.info(message(describe(backend), workflows.size(), activities.size(), workflowThreads, activityThreads));
		}
		if (log.isDebugEnabled()) {
			log.debug(names(workflows, activities));
		}
	}

	/**
	 * The names the application registered, without the runtime's own (schedules and retention,
	 * named {@code dapr.workflow.*}), which every runtime has and which would only blur the count.
	 */
	private static Set<String> users(Set<String> names) {
		Set<String> users = new TreeSet<>(names);
		users.removeIf(name -> name.startsWith("dapr.workflow."));
		return users;
	}

	/** The backend's description; its class name if it cannot say (a third party's that throws). */
	private static String describe(WorkflowBackend backend) {
		try {
			String description = backend.description();
			return description == null || description.isBlank() ? backend.getClass().getSimpleName() : description;
		}
		catch (RuntimeException ex) {
			return backend.getClass().getSimpleName();
		}
	}

	/** The INFO line, apart so it can be checked without a logging backend. */
	static String message(String backend, int workflows, int activities, int workflowThreads, int activityThreads) {
		return "Workflow runtime started: backend=" + backend + ", " + workflows + " workflow"
				+ (workflows == 1 ? "" : "s") + " and " + activities + " activit" + (activities == 1 ? "y" : "ies")
				+ " registered, " + workflowThreads + " workflow and " + activityThreads + " activity workers";
	}

	/** The DEBUG line with the registered names. */
	static String names(Set<String> workflows, Set<String> activities) {
		return "Registered workflows: " + workflows + "; registered activities: " + activities;
	}

}
