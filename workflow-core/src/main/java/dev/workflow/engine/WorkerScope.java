package dev.workflow.engine;

import dev.workflow.backend.WorkerCapabilities;

/**
 * What this runtime's workers can run: its app id and the names registered with it, sent with
 * every claim so that apps sharing one backend each take only their own work. Computed when the
 * engine starts, because the Spring integration registers annotated methods after the runtime is
 * built.
 */
final class WorkerScope {

	private final String appId;

	private final WorkflowRegistry registry;

	private volatile WorkerCapabilities capabilities;

	/** Whether workers outside this runtime run the names not registered here. */
	private volatile boolean shared;

	WorkerScope(String appId, WorkflowRegistry registry) {
		this.appId = appId;
		this.registry = registry;
		refresh();
	}

	/** Takes in the names registered so far; called on start. */
	void refresh() {
		this.capabilities = new WorkerCapabilities(this.appId, this.registry.workflowNames(),
				this.registry.activityNames(),
				this.shared ? WorkerCapabilities.Scope.REGISTERED : WorkerCapabilities.Scope.APP);
	}

	/**
	 * Leaves the names not registered here to workers outside this runtime: from now on this
	 * runtime's claims take only registered names.
	 * @return what the outside workers take: the complement of this runtime's names
	 */
	WorkerCapabilities share() {
		this.shared = true;
		refresh();
		return this.capabilities.withScope(WorkerCapabilities.Scope.UNREGISTERED);
	}

	/** The capabilities sent with each claim. */
	WorkerCapabilities capabilities() {
		return this.capabilities;
	}

	/** Whether this runtime runs the activity call (inline): it is for this app and registered here. */
	boolean canRunActivity(String targetAppId, String name) {
		return this.capabilities.canRunActivity(targetAppId, name) && this.registry.activity(name) != null;
	}

}
