package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.WorkflowWorkItem;

/**
 * What an actor sees of the runtime it lives in: the store, the clock, placement, reminders, the
 * work queues and lease bookkeeping. Narrower than the backend, so an actor cannot reach client
 * routing, queries or lifecycle, and can be tested against a small fake.
 */
interface ActorEnvironment {

	/** Where actor state and reminders live. */
	ActorStateStore store();

	/** The clock of every due time and lease deadline. */
	Clock clock();

	/** How long a workflow turn's lease lasts without renewal. */
	Duration workflowLockTimeout();

	/** How long an activity's lease lasts without renewal. */
	Duration activityLockTimeout();

	/** Whether this process holds the partition of the actor, so it may run it and hand out its work. */
	boolean owns(String actorId);

	/** The partition of an actor (by the instance id it belongs to). */
	int partitionOf(String actorId);

	/** The lease a save of the actor must still hold when it commits. */
	ActorStateStore.Fence fence(String actorId);

	/** A new reminder owned by an actor, delivering a message to the partition of its target. */
	ActorStateStore.Reminder reminder(String ownerType, String ownerId, Instant due, ReminderMessage message);

	/** Arms saved reminders (those of partitions held here). */
	void schedule(List<ActorStateStore.Reminder> reminders);

	/** Hands a workflow work item to the workers. */
	void enqueue(WorkflowWorkItem item);

	/** Hands an activity work item to the workers. */
	void enqueue(ActivityWorkItem item);

	/** A worker renewed the lease of an actor's work item. */
	void leaseTaken(String actorType, String actorId, Duration timeout);

	/** An actor's work item was completed, abandoned or withdrawn. */
	void leaseEnded(String actorType, String actorId);

	/** Asks a workflow actor to look for work again after a delay. */
	void wakeLater(String instanceId, Duration delay);

	/** Asks an activity actor to hand its call out again after a delay. */
	void redeliverActivityLater(String activityId, Duration delay);

}
