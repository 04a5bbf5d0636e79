package dev.workflow.backend.actors;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.history.HistoryEvent;

/**
 * Routes client writes (create, raise event, purge, ...) to where an instance lives: its actor,
 * when this process holds the instance's partition; otherwise the store, through a one-off copy
 * of the actor that writes through the etag and asks the owner to reload in the same write. A
 * client's events for an instance held elsewhere are stored as reminders for its owner.
 */
final class ClientRouting {

	private final ActorRuntime runtime;

	/** The due time (epoch micros) of the last client event this process stored as a reminder. */
	private final AtomicLong lastClientEventMicros = new AtomicLong();

	ClientRouting(ActorRuntime runtime) {
		this.runtime = runtime;
	}

	/**
	 * Runs a client write on the instance's actor when this process holds its partition, and
	 * otherwise (or if the partition moves meanwhile) as {@code elsewhere} says.
	 */
	<R> R write(String instanceId, Function<WorkflowActor, R> local, Supplier<R> elsewhere) {
		this.runtime.requireRunning();
		if (this.runtime.owns(instanceId)) {
			try {
				return retryingConflicts(() -> this.runtime.onWorkflow(instanceId, local));
			}
			catch (PartitionLostException ex) {
				// the partition moved meanwhile: go the way of any non-owner
			}
		}
		return elsewhere.get();
	}

	/** Runs a client write on the instance's actor if held here, else through the store. */
	<R> R write(String instanceId, Function<WorkflowActor, R> write) {
		return write(instanceId, write, () -> onStore(instanceId, write));
	}

	/**
	 * Runs a client write on an instance whose partition another process holds: on a one-off copy
	 * of the actor that writes through the etag only and asks the owner to reload in the same
	 * write. Retries when a concurrent write got there first.
	 */
	<R> R onStore(String instanceId, Function<WorkflowActor, R> write) {
		// the copy's save carries the owner's reload request in the same write (see WorkflowActor#save)
		return retryingConflicts(() -> write.apply(new WorkflowActor(instanceId, this.runtime, true)));
	}

	/**
	 * Adds a client's event to an instance's inbox, or, when another process holds the instance,
	 * leaves it in the store as a reminder for the owner.
	 * @throws WorkflowInstanceNotFoundException if there is no such instance
	 */
	void addEvent(String instanceId, HistoryEvent event) {
		write(instanceId, a -> {
			a.addEvent(event, null, true);
			return null;
		}, () -> {
			if (this.runtime.store().get(WorkflowActor.TYPE, instanceId, WorkflowKeys.META) == null) {
				throw new WorkflowInstanceNotFoundException(instanceId);
			}
			this.runtime.store().addReminders(List.of(this.runtime.reminder(WorkflowActor.TYPE, instanceId,
					clientEventDue(), ReminderMessage.event(instanceId, null, event))));
			return null;
		});
	}

	/**
	 * The due time of a client event stored for another process's instance: now, but always after
	 * the previous one, so the owner takes a caller's events in the order they were raised even
	 * when two fall in the same microsecond.
	 */
	private Instant clientEventDue() {
		long now = ChronoUnit.MICROS.between(Instant.EPOCH, this.runtime.clock().instant());
		long due = this.lastClientEventMicros.updateAndGet(last -> Math.max(now, last + 1));
		return Instant.EPOCH.plus(due, ChronoUnit.MICROS);
	}

	/**
	 * Runs a client write, again when another writer changed the actor in the store first: the
	 * actor has then dropped its cache (see {@link WorkflowActor}) and the next try works on the
	 * reloaded state.
	 */
	private static <R> R retryingConflicts(Supplier<R> write) {
		for (int attempt = 1;; attempt++) {
			try {
				return write.get();
			}
			catch (EtagMismatchException ex) {
				if (attempt == 5) {
					throw ex;
				}
			}
		}
	}

}
