package dev.workflow.backend;

import java.util.List;
import java.util.Objects;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Everything one workflow turn changes, committed by {@link WorkflowBackend#completeWorkflowWorkItem}
 * as one unit. The engine decides what the turn means; a backend only stores it: each part says
 * what to write, and {@link TurnRules} holds the rules both built-in backends apply to it.
 *
 * @param started the current run's start event (name, input, execution id), or null when the run
 * has not started yet (events for an instance scheduled to start later)
 * @param update the instance's state after the turn
 * @param historyToAppend events to append to the current run's history (the work item's new events,
 * the turn's scheduling events, and the completion); with a {@code nextRun} the history is
 * replaced by the next run's instead and these events are not kept
 * @param activities activity calls to start
 * @param timers timers to start
 * @param outbox messages for other instances, delivered after the commit
 * @param nextRun the run that continues this instance (continue-as-new), or null
 */
public record WorkflowTurnCommit(ExecutionStarted started, InstanceUpdate update, List<HistoryEvent> historyToAppend,
		List<ActivityRequest> activities, List<TimerRequest> timers, List<OutboundMessage> outbox, NextRun nextRun) {

	/**
	 * Checks the parts and copies the lists, so a commit cannot change after it is built.
	 * @param started the current run's start event, or null
	 * @param update the instance's state after the turn
	 * @param historyToAppend events to append
	 * @param activities activity calls to start
	 * @param timers timers to start
	 * @param outbox messages for other instances
	 * @param nextRun the next run, or null
	 */
	public WorkflowTurnCommit {
		Objects.requireNonNull(update, "update");
		historyToAppend = List.copyOf(historyToAppend);
		activities = List.copyOf(activities);
		timers = List.copyOf(timers);
		outbox = List.copyOf(outbox);
		if (nextRun != null && update.status() != WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
			throw new IllegalArgumentException("A commit with a next run must have status CONTINUED_AS_NEW, not "
					+ update.status());
		}
	}

	/**
	 * The instance's runtime status after the turn.
	 * @return {@code update().status()}
	 */
	public WorkflowRuntimeStatus status() {
		return this.update.status();
	}

	/**
	 * Whether the turn replaces the history with a new run's (continue-as-new).
	 * @return true when there is a {@link #nextRun()}
	 */
	public boolean historyReset() {
		return this.nextRun != null;
	}

	/**
	 * Whether the turn only consumes its events: the run had ended already (a late claim, an event
	 * that raced the end), so the engine repeats the recorded end and appends nothing. A backend then
	 * deletes the consumed events and releases the lease, and leaves everything else as the run's
	 * real end wrote it.
	 * @return true for a finished status with nothing to append and no next run
	 */
	public boolean consumesOnly() {
		return this.update.status().isTerminal() && this.nextRun == null && this.historyToAppend.isEmpty();
	}

	/**
	 * The instance row after a turn.
	 *
	 * @param status the runtime status
	 * @param output the JSON output, for a finished instance
	 * @param customStatus the JSON custom status, may be null
	 * @param failure the failure, for FAILED
	 */
	public record InstanceUpdate(WorkflowRuntimeStatus status, String output, String customStatus,
			FailureDetails failure) {

		/**
		 * Checks the status.
		 * @param status the runtime status
		 * @param output the JSON output
		 * @param customStatus the JSON custom status
		 * @param failure the failure
		 */
		public InstanceUpdate {
			Objects.requireNonNull(status, "status");
		}

	}

	/**
	 * The run that continues an instance after continue-as-new. A backend clears the history and
	 * queues {@link #firstEvents()} ahead of the events still in the inbox (those that arrived during
	 * the turn), so the new run sees events in the order they were received.
	 *
	 * @param started the new run's start event (a new execution id)
	 * @param carriedEvents events the old run received but did not process, kept for the new run
	 * ({@code continueAsNew(input, true)})
	 */
	public record NextRun(ExecutionStarted started, List<HistoryEvent> carriedEvents) {

		/**
		 * Checks the start and copies the events.
		 * @param started the new run's start event
		 * @param carriedEvents events carried over
		 */
		public NextRun {
			Objects.requireNonNull(started, "started");
			carriedEvents = List.copyOf(carriedEvents);
		}

		/**
		 * The new run's first inbox events: its start, then the carried events.
		 * @return the events in order
		 */
		public List<HistoryEvent> firstEvents() {
			List<HistoryEvent> first = new java.util.ArrayList<>(this.carriedEvents.size() + 1);
			first.add(this.started);
			first.addAll(this.carriedEvents);
			return List.copyOf(first);
		}

	}

}
