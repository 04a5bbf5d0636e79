package dev.workflow.grpc;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowBackend;

/**
 * Wakes the endpoint's waits (WaitForInstanceStart, WaitForInstanceCompletion) as soon as the hub
 * commits a turn of the instance they wait on. The runtime's client only wakes for turns its own
 * engine commits and polls (up to every 100 ms) for the rest, which made every remote workflow's
 * end look up to 100 ms late to a waiting SDK client, and made the polls contend with the turns for
 * the backend. Thread-safe.
 *
 * <p>One instance per backend, so that the hub and the instance operations built for the same
 * runtime find each other without being wired together; held weakly, so a closed backend's signals
 * go with it.
 */
final class CommitSignals {

	private static final Map<WorkflowBackend, CommitSignals> BY_BACKEND = Collections.synchronizedMap(new WeakHashMap<>());

	/** Per waited-on instance: a count of commits, the monitor its waiters wait on. */
	private final Map<String, long[]> watched = new ConcurrentHashMap<>();

	/** The workflow names a started hub leaves to the local engine; null while no hub has started. */
	private volatile Set<String> localWorkflows;

	private CommitSignals() {
	}

	/**
	 * Notes that a hub hands this backend's work to remote workers.
	 * @param capabilities what the remote workers take
	 * @return the capabilities, unchanged
	 */
	WorkerCapabilities hubStarted(WorkerCapabilities capabilities) {
		this.localWorkflows = Set.copyOf(capabilities.workflowNames());
		return capabilities;
	}

	/**
	 * Whether turns of a workflow are committed by a hub (and signalled here), rather than by the
	 * local engine (which wakes its own client's waits).
	 * @param workflowName the workflow's name
	 * @return true when a hub started and the name is not registered locally
	 */
	boolean runsRemotely(String workflowName) {
		Set<String> local = this.localWorkflows;
		return local != null && !local.contains(workflowName);
	}

	/**
	 * The signals of a backend.
	 * @param backend the backend
	 * @return its signals, created on first use
	 */
	static CommitSignals of(WorkflowBackend backend) {
		return BY_BACKEND.computeIfAbsent(backend, b -> new CommitSignals());
	}

	/**
	 * Starts watching an instance; pair with {@link #unwatch}.
	 * @param instanceId the instance
	 * @return the count of commits seen so far, for {@link #await}
	 */
	long watch(String instanceId) {
		// [0] commits, [1] waiters: the entry goes when its last waiter leaves (atomically per key)
		long[] count = this.watched.compute(instanceId, (id, c) -> {
			long[] entry = c == null ? new long[2] : c;
			synchronized (entry) {
				entry[1]++;
			}
			return entry;
		});
		synchronized (count) {
			return count[0];
		}
	}

	/**
	 * Stops watching an instance.
	 * @param instanceId the instance
	 */
	void unwatch(String instanceId) {
		this.watched.computeIfPresent(instanceId, (id, count) -> {
			synchronized (count) {
				return --count[1] <= 0 ? null : count;
			}
		});
	}

	/**
	 * Tells the waiters of an instance that a turn of it was committed.
	 * @param instanceId the instance
	 */
	void signal(String instanceId) {
		long[] count = this.watched.get(instanceId);
		if (count != null) {
			synchronized (count) {
				count[0]++;
				count.notifyAll();
			}
		}
	}

	/**
	 * Waits until a commit of the instance after the one seen, or the timeout.
	 * @param instanceId a watched instance
	 * @param seen the count last returned
	 * @param timeout the longest wait
	 * @return the count now
	 * @throws InterruptedException if interrupted
	 */
	long await(String instanceId, long seen, Duration timeout) throws InterruptedException {
		long[] count = this.watched.get(instanceId);
		if (count == null) {
			return seen;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (count) {
			long left;
			while (count[0] == seen && (left = deadline - System.nanoTime()) > 0) {
				count.wait(Math.max(1, left / 1_000_000));
			}
			return count[0];
		}
	}

}
