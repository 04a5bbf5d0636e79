package dev.workflow.grpc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.HistoryEvent;

/**
 * What a remote worker decided in a turn, independent of the protocol flavour: a flavour maps its
 * protocol's orchestrator actions to these, and the endpoint applies them to the backend through the
 * engine's typed turn commit. Every action carries the id the worker gave it, which becomes the event
 * id of the scheduling event recorded for it (so that the next turn's history matches the worker's
 * replay).
 */
public sealed interface TurnAction permits TurnAction.ScheduleActivity, TurnAction.CreateTimer,
		TurnAction.StartChild, TurnAction.SendEvent, TurnAction.TerminateInstance, TurnAction.CompleteRun {

	/**
	 * The id the worker gave the action.
	 * @return the action id
	 */
	int id();

	/**
	 * Calls an activity.
	 *
	 * @param id the action id, the task id of the call
	 * @param name the activity name
	 * @param input the JSON input, or null
	 * @param appId the app the call is for, or null for the caller's
	 */
	record ScheduleActivity(int id, String name, String input, String appId) implements TurnAction {

		/**
		 * Checks the name.
		 * @param id the action id
		 * @param name the activity name
		 * @param input the JSON input
		 * @param appId the target app
		 */
		public ScheduleActivity {
			Objects.requireNonNull(name, "name");
		}

	}

	/**
	 * Starts a durable timer.
	 *
	 * @param id the action id, the timer id
	 * @param fireAt when it fires
	 */
	record CreateTimer(int id, Instant fireAt) implements TurnAction {

		/**
		 * Checks the time.
		 * @param id the action id
		 * @param fireAt when it fires
		 */
		public CreateTimer {
			Objects.requireNonNull(fireAt, "fireAt");
		}

	}

	/**
	 * Starts a child workflow.
	 *
	 * @param id the action id, the task id the child's result comes back under
	 * @param instanceId the child's instance id
	 * @param name the child's workflow name
	 * @param input the JSON input, or null
	 * @param appId the app the child runs in, or null for the caller's
	 */
	record StartChild(int id, String instanceId, String name, String input, String appId) implements TurnAction {

		/**
		 * Checks the ids.
		 * @param id the action id
		 * @param instanceId the child's instance id
		 * @param name the workflow name
		 * @param input the JSON input
		 * @param appId the target app
		 */
		public StartChild {
			Objects.requireNonNull(instanceId, "instanceId");
			Objects.requireNonNull(name, "name");
		}

	}

	/**
	 * Raises an event on another instance.
	 *
	 * @param id the action id
	 * @param instanceId the target instance
	 * @param name the event name
	 * @param input the JSON payload, or null
	 */
	record SendEvent(int id, String instanceId, String name, String input) implements TurnAction {

		/**
		 * Checks the target.
		 * @param id the action id
		 * @param instanceId the target
		 * @param name the event name
		 * @param input the JSON payload
		 */
		public SendEvent {
			Objects.requireNonNull(instanceId, "instanceId");
			Objects.requireNonNull(name, "name");
		}

	}

	/**
	 * Terminates another instance.
	 *
	 * @param id the action id
	 * @param instanceId the instance to terminate
	 * @param output the JSON output it ends with, or null
	 */
	record TerminateInstance(int id, String instanceId, String output) implements TurnAction {

		/**
		 * Checks the target.
		 * @param id the action id
		 * @param instanceId the target
		 * @param output the JSON output
		 */
		public TerminateInstance {
			Objects.requireNonNull(instanceId, "instanceId");
		}

	}

	/**
	 * Ends the run: completed, failed, terminated, or continued as new.
	 *
	 * @param id the action id
	 * @param status COMPLETED, FAILED, TERMINATED or CONTINUED_AS_NEW
	 * @param output the JSON output (for CONTINUED_AS_NEW: the next run's input), or null
	 * @param failure the failure, for FAILED
	 * @param carriedEvents for CONTINUED_AS_NEW, the events the run received and did not process,
	 * kept for the next run
	 */
	record CompleteRun(int id, WorkflowRuntimeStatus status, String output, FailureDetails failure,
			List<HistoryEvent> carriedEvents) implements TurnAction {

		/**
		 * Checks the status and copies the events.
		 * @param id the action id
		 * @param status the end status
		 * @param output the JSON output
		 * @param failure the failure
		 * @param carriedEvents the carried events
		 */
		public CompleteRun {
			Objects.requireNonNull(status, "status");
			if (!status.isTerminal() && status != WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
				throw new IllegalArgumentException("A run ends COMPLETED, FAILED, TERMINATED or CONTINUED_AS_NEW, not "
						+ status);
			}
			carriedEvents = carriedEvents == null ? List.of() : List.copyOf(carriedEvents);
		}

	}

}
