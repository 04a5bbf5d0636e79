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
 * partition, whatever app that process is, so apps that share a state store must run in one
 * process (several runtimes on one backend) for calls between them to reach their host; the
 * warning says so instead of leaving a call waiting silently.
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
					+ "actors backend work is queued in the process that holds the actor's partition, so apps "
					+ "sharing a state store must run in one process; across processes use the sqlite or jdbc "
					+ "backend, or start the app that hosts it here", kind, name,
					appId == null ? "" : " for app '" + appId + "'",
					this.workers.stream().map(w -> String.valueOf(w.appId())).sorted().toList());
		}
	}

	void clear() {
		this.workers.clear();
		this.warned.clear();
	}

}
