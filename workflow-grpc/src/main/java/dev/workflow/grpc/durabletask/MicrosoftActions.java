package dev.workflow.grpc.durabletask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.grpc.TurnAction;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.CompleteOrchestrationAction;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.CreateSubOrchestrationAction;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestratorAction;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ScheduleTaskAction;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.SendEventAction;

import static dev.workflow.grpc.durabletask.MicrosoftValues.text;

/**
 * A Microsoft-flavour worker's orchestrator actions as the endpoint's neutral turn actions. The
 * action id becomes the event id of what is recorded for it.
 */
final class MicrosoftActions {

	private MicrosoftActions() {
	}

	/**
	 * Converts the actions of one turn.
	 * @param instanceId the instance whose turn it is (names children the worker left unnamed)
	 * @param actions the worker's actions
	 * @param now the time carried events without a timestamp get
	 * @throws IllegalArgumentException for an action this protocol does not define or a completion
	 * status a run cannot end with
	 */
	static List<TurnAction> toTurnActions(String instanceId, List<OrchestratorAction> actions, Instant now) {
		List<TurnAction> converted = new ArrayList<>(actions.size());
		for (OrchestratorAction action : actions) {
			converted.add(toTurnAction(instanceId, action, now));
		}
		return converted;
	}

	private static TurnAction toTurnAction(String instanceId, OrchestratorAction action, Instant now) {
		int id = action.getId();
		switch (action.getOrchestratorActionTypeCase()) {
			case SCHEDULETASK -> {
				ScheduleTaskAction task = action.getScheduleTask();
				return new TurnAction.ScheduleActivity(id, task.getName(), text(task.hasInput(), task.getInput()), null);
			}
			case CREATESUBORCHESTRATION -> {
				CreateSubOrchestrationAction child = action.getCreateSubOrchestration();
				// The SDKs name the child themselves; a worker that did not gets a deterministic id,
				// so that a redelivered turn starts the same child and not a second one.
				String childId = child.getInstanceId().isEmpty() ? instanceId + ":" + String.format("%04d", id)
						: child.getInstanceId();
				return new TurnAction.StartChild(id, childId, child.getName(), text(child.hasInput(), child.getInput()),
						null);
			}
			case CREATETIMER -> {
				return new TurnAction.CreateTimer(id, MicrosoftValues.instant(action.getCreateTimer().getFireAt()));
			}
			case SENDEVENT -> {
				SendEventAction send = action.getSendEvent();
				return new TurnAction.SendEvent(id, send.getInstance().getInstanceId(), send.getName(),
						text(send.hasData(), send.getData()));
			}
			case COMPLETEORCHESTRATION -> {
				return complete(id, action.getCompleteOrchestration(), now);
			}
			default -> throw new IllegalArgumentException("Orchestrator action " + id
					+ " sets no action type; expected scheduleTask, createSubOrchestration, createTimer, sendEvent "
					+ "or completeOrchestration");
		}
	}

	private static TurnAction complete(int id, CompleteOrchestrationAction complete, Instant now) {
		WorkflowRuntimeStatus status = MicrosoftValues.status(complete.getOrchestrationStatus());
		if (status != WorkflowRuntimeStatus.COMPLETED && status != WorkflowRuntimeStatus.FAILED
				&& status != WorkflowRuntimeStatus.TERMINATED && status != WorkflowRuntimeStatus.CONTINUED_AS_NEW) {
			throw new IllegalArgumentException("A completeOrchestration action ends a run COMPLETED, FAILED, "
					+ "TERMINATED or CONTINUED_AS_NEW, not " + complete.getOrchestrationStatus());
		}
		return new TurnAction.CompleteRun(id, status, text(complete.hasResult(), complete.getResult()),
				complete.hasFailureDetails() ? MicrosoftValues.failure(complete.getFailureDetails()) : null,
				status == WorkflowRuntimeStatus.CONTINUED_AS_NEW
						? MicrosoftHistory.carried(complete.getCarryoverEventsList(), now) : List.of());
	}

}
