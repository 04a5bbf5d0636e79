package dev.workflow.backend.actors;

import java.util.ArrayList;
import java.util.List;

import dev.workflow.backend.BackendJson;
import dev.workflow.history.HistoryEvent;

/**
 * Events clients raised for an instance through a process that does not hold its partition: they
 * wait in the store as reminders owned by the instance (see {@link ClientRouting}), and the owner
 * takes them all in, in the order they were raised, whenever it takes in one.
 */
final class ClientEvents {

	private ClientEvents() {
	}

	/** Whether a reminder carries an event a client raised through a process that does not own the instance. */
	static boolean isClientEvent(ActorStateStore.Reminder r, ReminderMessage m) {
		return WorkflowActor.TYPE.equals(r.actorType()) && r.actorId().equals(m.targetInstanceId()) && m.event() != null
				&& m.targetExecutionId() == null && m.create() == null && m.activity() == null && !m.reload();
	}

	/**
	 * Client events stored as reminders for an instance, in the order they were raised.
	 * @param environment the actor's environment
	 * @param instanceId the instance
	 * @param detached whether the caller is a one-off copy of the actor (which takes none in)
	 */
	static List<ActorStateStore.Reminder> pending(ActorEnvironment environment, String instanceId, boolean detached) {
		if (detached || environment.store().partitions().isEmpty()) {
			return List.of(); // only a shared store has other processes that leave events here
		}
		List<ActorStateStore.Reminder> out = new ArrayList<>();
		for (ActorStateStore.Reminder r : environment.store().remindersOf(WorkflowActor.TYPE, instanceId)) {
			if (isClientEvent(r, BackendJson.read(r.payload(), ReminderMessage.class))) {
				out.add(r);
			}
		}
		return out;
	}

	/** The event a client-event reminder carries. */
	static HistoryEvent event(ActorStateStore.Reminder r) {
		return BackendJson.read(r.payload(), ReminderMessage.class).event();
	}

}
