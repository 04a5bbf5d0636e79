package dev.workflow.backend.actors;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowWorkItem;

/**
 * Warns (once per app and name) when an actor hands out work that no worker of this process can
 * run. On the actors backend an actor's work is queued in the process holding the actor's
 * partition. The partitions of an app are held only by replicas of that app (see
 * {@link AppPartitions}), so this happens for work without an app id whose name the replica
 * holding it did not register, and for an app's work on a private (memory) store whose process
 * does not run that app; the warning says so instead of leaving a call waiting silently.
 */
final class UnservedWork {

	private static final Logger log = LoggerFactory.getLogger(UnservedWork.class);

	/** What the workers that polled this backend can run (one entry per runtime on it). */
	private final Set<WorkerCapabilities> workers = ConcurrentHashMap.newKeySet();

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	void polledBy(WorkerCapabilities capabilities) {
		this.workers.add(capabilities);
	}

	/** Whether workers that can run different things poll this backend. */
	boolean mixed() {
		return this.workers.size() > 1;
	}

	void queued(ActivityRequest request) {
		if (!this.workers.isEmpty()
				&& this.workers.stream().noneMatch(w -> w.canRunActivity(request.appId(), request.name()))) {
			warn("activity", request.name(), request.appId());
		}
	}

	void queued(WorkflowWorkItem item) {
		if (!this.workers.isEmpty() && this.workers.stream().noneMatch(w -> WorkflowKeys.runnableBy(item, w))) {
			warn("workflow", WorkflowKeys.nameOf(item), WorkflowKeys.appIdOf(item));
		}
	}

	private void warn(String kind, String name, String appId) {
		if (this.warned.add(kind + '|' + name + '|' + appId)) {
			log.warn("The {} '{}'{} waits: no workflow runtime in this process can run it (apps here: {}). On the "
					+ "actors backend work is queued in the process that holds the actor's partition: an app's "
					+ "work in a replica of that app (with a shared jdbc state store), work without an app id in "
					+ "any replica, so give the call the app id of the app that registered it, register it in "
					+ "every app, or start the app that hosts it here", kind, name,
					appId == null ? "" : " for app '" + appId + "'",
					this.workers.stream().map(w -> String.valueOf(w.appId())).sorted().toList());
		}
	}

	void clear() {
		this.workers.clear();
		this.warned.clear();
	}

}
