package dev.workflow.backend;

import java.util.Objects;
import java.util.Set;

/**
 * What a worker can run, sent with each claim so that a backend shared by several apps hands a
 * worker only work it can run. A workflow work item is for the app named by its instance's
 * {@link dev.workflow.history.ExecutionStarted#appId() app id}; an activity work item for the app
 * named by its {@link ActivityRequest#appId() request}; work with no app id is for any app.
 *
 * <p>A worker with an app id takes all work for its app (a name it did not register fails there,
 * visibly: it was sent to this app), and of the work that names no app only the names it
 * registered, so another app's work waits for a worker that can run it instead of failing here.
 * Calls name the caller's app unless their options name another (as in Dapr), so in a multi-app
 * setup little work names no app. A worker without an app id takes all work that names no app,
 * registered or not, so an unknown name fails visibly as in a single-app setup; it never takes
 * work named for an app.
 *
 * <p>Where one app's work is split between its own workers and workers outside it (the SDK workers
 * connected to the gRPC endpoint), the {@link #scope() scope} narrows that rule: the app's own
 * workers take {@link Scope#REGISTERED only the names they registered}, the outside workers
 * {@link Scope#UNREGISTERED all other names}, both of this app's work or of work that names no app.
 *
 * @param appId this worker's app id, null for none, or {@link #ANY_APP} for a worker that takes
 * anything
 * @param workflowNames the workflow names registered with this worker
 * @param activityNames the activity names registered with this worker
 * @param scope which names of the app's work it takes
 */
public record WorkerCapabilities(String appId, Set<String> workflowNames, Set<String> activityNames, Scope scope) {

	/**
	 * The app id of {@link #ANY}; not a valid app id, so no real worker has it.
	 */
	public static final String ANY_APP = "*";

	/**
	 * A worker that takes any work, named for an app or not: what a claim without capabilities
	 * means (a backend or test that predates multi-app).
	 */
	public static final WorkerCapabilities ANY = new WorkerCapabilities(ANY_APP, Set.of(), Set.of());

	/**
	 * Copies the name sets.
	 * @param appId this worker's app id, or null for none
	 * @param workflowNames the workflow names registered with this worker
	 * @param activityNames the activity names registered with this worker
	 * @param scope which names of the app's work it takes
	 */
	public WorkerCapabilities {
		workflowNames = Set.copyOf(Objects.requireNonNull(workflowNames, "workflowNames"));
		activityNames = Set.copyOf(Objects.requireNonNull(activityNames, "activityNames"));
		Objects.requireNonNull(scope, "scope");
	}

	/**
	 * A worker of the {@link Scope#APP app} scope, the rule described on this type.
	 * @param appId this worker's app id, or null for none
	 * @param workflowNames the workflow names registered with this worker
	 * @param activityNames the activity names registered with this worker
	 */
	public WorkerCapabilities(String appId, Set<String> workflowNames, Set<String> activityNames) {
		this(appId, workflowNames, activityNames, Scope.APP);
	}

	/**
	 * The same worker with another scope.
	 * @param scope the scope
	 * @return the capabilities with that scope
	 */
	public WorkerCapabilities withScope(Scope scope) {
		return new WorkerCapabilities(this.appId, this.workflowNames, this.activityNames, scope);
	}

	/**
	 * Whether this worker may take a workflow work item.
	 * @param instanceAppId the app id of the instance, or null
	 * @param workflowName the instance's workflow name
	 * @return true if this worker may take it
	 */
	public boolean canRunWorkflow(String instanceAppId, String workflowName) {
		return accepts(instanceAppId, workflowName, this.workflowNames);
	}

	/**
	 * Whether this worker may take an activity work item.
	 * @param targetAppId the app the call is for, or null
	 * @param activityName the activity name
	 * @return true if this worker may take it
	 */
	public boolean canRunActivity(String targetAppId, String activityName) {
		return accepts(targetAppId, activityName, this.activityNames);
	}

	/**
	 * Whether this worker takes any work regardless of app and name.
	 * @return true for {@link #ANY}
	 */
	public boolean takesAll() {
		return ANY_APP.equals(this.appId);
	}

	private boolean accepts(String targetAppId, String name, Set<String> names) {
		if (takesAll()) {
			return true;
		}
		if (this.scope != Scope.APP) {
			boolean forThisApp = targetAppId == null || targetAppId.equals(this.appId);
			return forThisApp && names.contains(name) == (this.scope == Scope.REGISTERED);
		}
		if (this.appId == null) {
			return targetAppId == null;
		}
		// its own app's work whatever the name (an unknown name fails in the app it was sent to); of
		// the work that names no app, only the names it registered
		return targetAppId == null ? names.contains(name) : targetAppId.equals(this.appId);
	}

	/**
	 * Which names of its app's work a worker takes.
	 */
	public enum Scope {

		/**
		 * All of its app's work whatever the name, and of the work that names no app the names it
		 * registered (without an app id: all work that names no app). The rule of a worker that
		 * runs its app's work alone.
		 */
		APP,

		/**
		 * Of its app's work and the work that names no app, only the names it registered: the app's
		 * own workers when workers outside it run the other names.
		 */
		REGISTERED,

		/**
		 * Of its app's work and the work that names no app, only the names it did not register (the
		 * name sets list the names to leave): the workers outside the app, such as SDK workers
		 * connected over gRPC, that run what the app's own workers do not.
		 */
		UNREGISTERED

	}

}
