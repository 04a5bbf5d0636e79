package dev.workflow.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.workflow.engine.ReplayTasks.PayloadTask;
import dev.workflow.history.EventRaised;

/**
 * The external events of one turn: raised events wait in a buffer until the code asks for one of
 * their name, and waits of the code are served in the order they were made. Names match without
 * regard to case; events of one name are handed out in the order they arrived.
 */
final class ExternalEvents {

	private final Map<String, Deque<PayloadTask<?>>> waiters = new HashMap<>();

	private final List<EventRaised> buffered = new ArrayList<>();

	/** An event arrived: it completes the oldest wait for its name, or is buffered. */
	void arrived(EventRaised event) {
		Deque<PayloadTask<?>> queue = this.waiters.get(key(event.name()));
		PayloadTask<?> waiter = queue == null ? null : queue.poll();
		if (waiter != null) {
			waiter.complete(event.input());
		}
		else {
			this.buffered.add(event);
		}
	}

	/**
	 * Completes a new wait with a buffered event of its name, or queues it.
	 * @return true when it was completed at once
	 */
	boolean await(String name, PayloadTask<?> task) {
		for (int i = 0; i < this.buffered.size(); i++) {
			if (key(this.buffered.get(i).name()).equals(key(name))) {
				task.complete(this.buffered.remove(i).input());
				return true;
			}
		}
		this.waiters.computeIfAbsent(key(name), k -> new ArrayDeque<>()).add(task);
		return false;
	}

	/** Withdraws a wait that timed out, so a later event goes to the next wait or the buffer. */
	void withdraw(String name, PayloadTask<?> task) {
		Deque<PayloadTask<?>> queue = this.waiters.get(key(name));
		if (queue != null) {
			queue.remove(task);
		}
	}

	/** The events that arrived and were not awaited. */
	List<EventRaised> unclaimed() {
		return List.copyOf(this.buffered);
	}

	private static String key(String eventName) {
		return eventName.toLowerCase(Locale.ROOT);
	}

}
