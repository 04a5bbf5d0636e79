package dev.workflow.grpc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowWorkItem;

/**
 * The work items out on workers' streams, found by completion token or, for workers that send no
 * token, by instance id (turns) and instance id with task id (activities); and the renewal of
 * their leases while they are out. Thread-safe.
 */
final class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	/** A turn out on a stream. */
	record Turn(WorkflowTurn turn, WorkflowWorkItem item, WorkerSlot slot) {
	}

	/** An activity call out on a stream. */
	record Activity(ActivityCall call, ActivityWorkItem item, WorkerSlot slot) {
	}

	private final Map<String, Turn> turnsByToken = new ConcurrentHashMap<>();

	private final Map<String, Turn> turnsByInstance = new ConcurrentHashMap<>();

	private final Map<String, Activity> activitiesByToken = new ConcurrentHashMap<>();

	private final Map<String, Activity> activitiesByTask = new ConcurrentHashMap<>();

	void putTurn(Turn t) {
		this.turnsByToken.put(t.turn().completionToken(), t);
		this.turnsByInstance.put(t.turn().instanceId(), t);
	}

	void putActivity(Activity a) {
		this.activitiesByToken.put(a.call().completionToken(), a);
		this.activitiesByTask.put(taskKey(a.call().request().instanceId(), a.call().request().taskId()), a);
	}

	/** Removes a turn by token; null if it is not out (any more). */
	Turn removeTurn(String token) {
		Turn t = this.turnsByToken.remove(token);
		if (t != null) {
			this.turnsByInstance.remove(t.turn().instanceId(), t);
		}
		return t;
	}

	/** Removes an activity call by token; null if it is not out (any more). */
	Activity removeActivity(String token) {
		Activity a = this.activitiesByToken.remove(token);
		if (a != null) {
			this.activitiesByTask.remove(taskKey(a.call().request().instanceId(), a.call().request().taskId()), a);
		}
		return a;
	}

	/** Takes a turn out of the book for its completion: by token when there is one, else by instance. */
	Turn takeTurn(String instanceId, String token) {
		Turn found = token != null && !token.isEmpty() ? this.turnsByToken.get(token)
				: instanceId == null ? null : this.turnsByInstance.get(instanceId);
		if (found == null || removeTurn(found.turn().completionToken()) == null) {
			throw new UnknownWorkItemException("No workflow turn of instance '" + instanceId
					+ "' is out on a worker stream" + (token == null || token.isEmpty() ? "" : " under that token")
					+ ": it was completed already, or given back when its worker's stream closed (then another "
					+ "worker runs it), or its lease expired");
		}
		return found;
	}

	/** Takes an activity call out of the book: by token when there is one, else by instance and task id. */
	Activity takeActivity(String instanceId, int taskId, String token) {
		Activity found = token != null && !token.isEmpty() ? this.activitiesByToken.get(token)
				: instanceId == null ? null : this.activitiesByTask.get(taskKey(instanceId, taskId));
		if (found == null || removeActivity(found.call().completionToken()) == null) {
			throw new UnknownWorkItemException("No activity call " + taskId + " of instance '" + instanceId
					+ "' is out on a worker stream: it was completed already, or given back when its worker's "
					+ "stream closed (then another worker runs it), or its lease expired");
		}
		return found;
	}

	List<Turn> turns() {
		return List.copyOf(this.turnsByToken.values());
	}

	List<Activity> activities() {
		return List.copyOf(this.activitiesByToken.values());
	}

	List<Turn> turnsOf(WorkerSlot slot) {
		return this.turnsByToken.values().stream().filter(t -> t.slot() == slot).toList();
	}

	List<Activity> activitiesOf(WorkerSlot slot) {
		return this.activitiesByToken.values().stream().filter(a -> a.slot() == slot).toList();
	}

	/**
	 * Renews the lease of every item out; an item whose lease is lost leaves the book (its worker's
	 * completion then finds nothing) and its place on the stream is freed.
	 */
	void renewAll(WorkflowBackend backend, Runnable placeFreed) {
		for (Turn t : turns()) {
			try {
				backend.renewWorkflowWorkItem(t.item());
			}
			catch (WorkItemLockLostException lost) {
				if (removeTurn(t.turn().completionToken()) != null) {
					t.slot().release(true);
					placeFreed.run();
				}
			}
			catch (RuntimeException ex) {
				log.debug("Renewing the lease of instance '{}' failed; trying again", t.turn().instanceId(), ex);
			}
		}
		for (Activity a : activities()) {
			try {
				backend.renewActivityWorkItem(a.item());
			}
			catch (WorkItemLockLostException lost) {
				if (removeActivity(a.call().completionToken()) != null) {
					a.slot().release(false);
					placeFreed.run();
				}
			}
			catch (RuntimeException ex) {
				log.debug("Renewing the lease of an activity call of '{}' failed; trying again",
						a.call().request().instanceId(), ex);
			}
		}
	}

	/** How often to renew: a third of the shorter lock timeout, at least 100 ms. */
	static Duration renewalInterval(WorkflowBackend backend) {
		Duration shortest = backend.workflowLockTimeout().compareTo(backend.activityLockTimeout()) < 0
				? backend.workflowLockTimeout() : backend.activityLockTimeout();
		Duration third = shortest.dividedBy(3);
		return third.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : third;
	}

	private static String taskKey(String instanceId, int taskId) {
		return instanceId + '\u0000' + taskId;
	}

}
