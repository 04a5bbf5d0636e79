package dev.workflow.grpc;

import java.util.concurrent.atomic.AtomicInteger;

/** One connected worker and how many items of each kind it holds. */
final class WorkerSlot {

	private final WorkerConnection connection;

	private final int maxTurns;

	private final int maxActivities;

	private final AtomicInteger turns = new AtomicInteger();

	private final AtomicInteger activities = new AtomicInteger();

	WorkerSlot(WorkerConnection connection, int maxTurns, int maxActivities) {
		this.connection = connection;
		this.maxTurns = maxTurns;
		this.maxActivities = maxActivities;
	}

	WorkerConnection connection() {
		return this.connection;
	}

	boolean tryTake(boolean turn) {
		AtomicInteger count = turn ? this.turns : this.activities;
		int max = turn ? this.maxTurns : this.maxActivities;
		while (true) {
			int now = count.get();
			if (now >= max) {
				return false;
			}
			if (count.compareAndSet(now, now + 1)) {
				return true;
			}
		}
	}

	void release(boolean turn) {
		(turn ? this.turns : this.activities).decrementAndGet();
	}

}
