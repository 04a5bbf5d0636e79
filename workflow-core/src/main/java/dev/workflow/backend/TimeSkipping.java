package dev.workflow.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Optional capability of a {@link WorkflowBackend} whose {@linkplain BackendContext#clock() clock}
 * a test moves forward: it says when nothing is left to do but wait for a timer, which timer is
 * next, and re-arms its timers once the clock has jumped. A test clock (the
 * {@code WorkflowTestClock} of {@code workflow-spring-boot-test}) uses it to skip the waiting, so
 * a workflow with a 30-day timer completes in milliseconds.
 * <p>
 * A backend that does not implement it still works with a moved clock: its timers fire when the
 * wall-time delays they were armed with run out.
 */
public interface TimeSkipping {

	/**
	 * Whether the backend has nothing to do before its next timer: no work item queued or handed
	 * out (so no workflow turn and no activity running), no message or inbox event due for delivery,
	 * no retry pending. Every unfinished instance waits on a timer or an outside event.
	 * @return true if quiet at the moment of the call; work may arrive right after
	 */
	boolean isQuiet();

	/**
	 * The due time of the earliest timer not delivered yet: durable timers, event-wait timeouts,
	 * retry delays, delayed starts.
	 * @return the due time, or empty when no timer is pending
	 */
	Optional<Instant> nextTimerDue();

	/**
	 * Called before the clock jumps forward: work handed out keeps the lease time it has left, as
	 * the jump is no time a worker spent silent. Idempotent per jump; cheap.
	 * @param by how far the clock is about to move
	 */
	void clockMovingForward(Duration by);

	/**
	 * Called after the clock jumped forward: timers now due are delivered right away, later ones
	 * re-armed for the time left by the new clock.
	 */
	void clockMovedForward();

}
