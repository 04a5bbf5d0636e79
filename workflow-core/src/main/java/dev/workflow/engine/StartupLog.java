package dev.workflow.engine;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INFO line a runtime writes each time it starts: what it registered and how it runs, so an
 * operator sees at a glance why a workflow is "not registered" (as Dapr's sidecar logs its
 * registrations). Backends log their own details (database, tables, store) as they start.
 */
final class StartupLog {

	private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

	private StartupLog() {
	}

	/** Logs the runtime's registrations once; called by {@link WorkflowEngine#start()}. */
	static void started(String backendType, WorkflowRegistry registry, int workflowThreads, int activityThreads) {
		if (log.isInfoEnabled()) {
			log.info(message(backendType, registry.workflowNames(), registry.activityNames(), workflowThreads,
					activityThreads));
		}
	}

	/** The line's text, apart so it can be checked without a logging backend. */
	static String message(String backendType, Set<String> workflows, Set<String> activities, int workflowThreads,
			int activityThreads) {
		return "Workflow runtime started on backend " + backendType + " with " + workflowThreads
				+ " workflow worker(s) and " + activityThreads + " activity worker(s); " + workflows.size()
				+ " workflow(s) registered: " + workflows + "; " + activities.size() + " activit"
				+ (activities.size() == 1 ? "y" : "ies") + " registered: " + activities;
	}

}
