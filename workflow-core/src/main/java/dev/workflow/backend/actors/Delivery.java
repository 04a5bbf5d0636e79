package dev.workflow.backend.actors;

import java.util.List;

/**
 * The reminder an actor's current turn delivers. The turn's save deletes it in the same write as
 * the state it changes, so the message is consumed exactly when its effect is stored; a turn that
 * saves nothing (a duplicate it ignores) leaves it for the backend to delete. Used only inside the
 * actor's turn.
 */
final class Delivery {

	private String reminderId;

	private boolean consumed;

	/** Starts a turn that delivers this reminder. */
	void begin(String id) {
		this.reminderId = id;
		this.consumed = false;
	}

	/** For the turn's save: the reminders it consumes (at most this one, once). */
	List<String> take() {
		if (this.reminderId == null) {
			return List.of();
		}
		String id = this.reminderId;
		this.reminderId = null;
		this.consumed = true;
		return List.of(id);
	}

	/** Ends the turn: whether its save consumed the reminder. */
	boolean end() {
		boolean c = this.consumed;
		this.reminderId = null;
		this.consumed = false;
		return c;
	}

}
