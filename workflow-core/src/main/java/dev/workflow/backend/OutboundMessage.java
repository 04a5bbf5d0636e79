package dev.workflow.backend;

import java.util.Objects;

import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;

/**
 * A message a workflow turn sends to another instance, committed with the turn and delivered after
 * it (at least once). Each type says what the receiving backend does with it, so no backend has to
 * guess from an event's type or target id.
 */
public sealed interface OutboundMessage
		permits OutboundMessage.StartChild, OutboundMessage.SendEvent, OutboundMessage.TerminateChild {

	/**
	 * The instance the message is for.
	 * @return the target instance id
	 */
	String targetInstanceId();

	/**
	 * Starts a child workflow. The child is created as by
	 * {@link WorkflowBackend#createWorkflowInstance} with
	 * {@link dev.workflow.NewWorkflowOptions.ReusePolicy#IGNORE IGNORE}: an unfinished instance with
	 * the id is kept (a repeated start of the same child), a finished one is replaced. This holds for
	 * a child whose id is the sender's own id too: the sender is unfinished, so nothing starts.
	 *
	 * @param started the child's first event; its {@code parent} names the sender
	 */
	record StartChild(ExecutionStarted started) implements OutboundMessage {

		/**
		 * Checks the event.
		 * @param started the child's first event
		 */
		public StartChild {
			Objects.requireNonNull(started, "started");
		}

		@Override
		public String targetInstanceId() {
			return this.started.instanceId();
		}

	}

	/**
	 * Adds an event to another instance's inbox, such as a child's result for its parent. Dropped when
	 * the target does not exist or has finished, and when {@code targetExecutionId} names a run that
	 * is no longer current (see {@link TurnRules#acceptsEvent}).
	 *
	 * @param targetInstanceId the receiving instance
	 * @param targetExecutionId the receiving run, or null for whatever run is current
	 * @param event the event
	 */
	record SendEvent(String targetInstanceId, String targetExecutionId, HistoryEvent event) implements OutboundMessage {

		/**
		 * Checks the target and event.
		 * @param targetInstanceId the receiving instance
		 * @param targetExecutionId the receiving run, or null
		 * @param event the event
		 */
		public SendEvent {
			Objects.requireNonNull(targetInstanceId, "targetInstanceId");
			Objects.requireNonNull(event, "event");
		}

	}

	/**
	 * Terminates a child whose parent was terminated: adds the termination to the child's inbox,
	 * dropped like {@link SendEvent} when the child does not exist or has finished.
	 *
	 * @param targetInstanceId the child
	 * @param event the termination
	 */
	record TerminateChild(String targetInstanceId, ExecutionTerminated event) implements OutboundMessage {

		/**
		 * Checks the target and event.
		 * @param targetInstanceId the child
		 * @param event the termination
		 */
		public TerminateChild {
			Objects.requireNonNull(targetInstanceId, "targetInstanceId");
			Objects.requireNonNull(event, "event");
		}

	}

}
