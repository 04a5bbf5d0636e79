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
 * @param appId this worker's app id, null for none, or {@link #ANY_APP} for a worker that takes
 * anything
 * @param workflowNames the workflow names registered with this worker
 * @param activityNames the activity names registered with this worker
 */
public record WorkerCapabilities(String appId, Set<String> workflowNames, Set<String> activityNames) {

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
	 */
	public WorkerCapabilities {
		workflowNames = Set.copyOf(Objects.requireNonNull(workflowNames, "workflowNames"));
		activityNames = Set.copyOf(Objects.requireNonNull(activityNames, "activityNames"));
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
		if (this.appId == null) {
			return targetAppId == null;
		}
		// its own app's work whatever the name (an unknown name fails in the app it was sent to); of
		// the work that names no app, only the names it registered
		return targetAppId == null ? names.contains(name) : targetAppId.equals(this.appId);
	}

}
