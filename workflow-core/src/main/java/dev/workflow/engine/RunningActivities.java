package dev.workflow.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The threads running activity calls in this process, so that a call whose timeout fired in its
 * workflow can have its thread interrupted. Registration ends before the result is committed,
 * and interrupting happens under the same lock, so a late interrupt never hits a thread that has
 * moved on to committing or to other work.
 */
final class RunningActivities {

	private record Key(String instanceId, String executionId, int taskId) {
	}

	private final Map<Key, Set<Thread>> running = new HashMap<>();

	/**
	 * Registers the calling thread as running this call until the returned handle is closed.
	 * @param instanceId the calling instance
	 * @param executionId the calling run
	 * @param taskId the call's task id
	 * @return the handle
	 */
	Registration enter(String instanceId, String executionId, int taskId) {
		Key key = new Key(instanceId, executionId, taskId);
		Thread self = Thread.currentThread();
		synchronized (this) {
			this.running.computeIfAbsent(key, k -> new HashSet<>(2)).add(self);
		}
		return () -> {
			synchronized (this) {
				Set<Thread> threads = this.running.get(key);
				if (threads != null) {
					threads.remove(self);
					if (threads.isEmpty()) {
						this.running.remove(key);
					}
				}
			}
		};
	}

	/**
	 * Interrupts the threads running this call in this process, if any (a call whose timeout
	 * fired; the workflow has moved on and drops its result).
	 * @param instanceId the calling instance
	 * @param executionId the calling run
	 * @param taskId the call's task id
	 */
	synchronized void interrupt(String instanceId, String executionId, int taskId) {
		Set<Thread> threads = this.running.get(new Key(instanceId, executionId, taskId));
		if (threads != null) {
			threads.forEach(Thread::interrupt);
		}
	}

	/** A registration to end; closing it twice is harmless. */
	@FunctionalInterface
	interface Registration extends AutoCloseable {

		@Override
		void close();

	}

}
