package dev.workflow.grpc.dapr;

import java.util.ArrayList;
import java.util.List;

import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.grpc.TurnAction;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CompleteOrchestrationAction;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CreateSubOrchestrationAction;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.OrchestratorAction;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ScheduleTaskAction;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.SendEventAction;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TaskRouter;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TerminateOrchestrationAction;
import dev.workflow.history.HistoryEvent;

/**
 * Maps a Dapr worker's orchestrator actions to the neutral {@link TurnAction}s. A router's target
 * app (Dapr's cross-app calls) becomes the call's app id.
 */
final class DaprActions {

	private DaprActions() {
	}

	static List<TurnAction> toActions(List<OrchestratorAction> actions) {
		List<TurnAction> out = new ArrayList<>(actions.size());
		for (OrchestratorAction a : actions) {
			out.add(toAction(a));
		}
		return out;
	}

	static TurnAction toAction(OrchestratorAction a) {
		int id = a.getId();
		String outerTarget = a.hasRouter() ? target(a.getRouter()) : null;
		switch (a.getOrchestratorActionTypeCase()) {
			case SCHEDULETASK -> {
				ScheduleTaskAction t = a.getScheduleTask();
				String appId = t.hasRouter() ? target(t.getRouter()) : outerTarget;
				return new TurnAction.ScheduleActivity(id, t.getName(), DaprHistory.value(t.hasInput(), t.getInput()),
						appId);
			}
			case CREATETIMER -> {
				return new TurnAction.CreateTimer(id, DaprHistory.instant(a.getCreateTimer().getFireAt()));
			}
			case CREATESUBORCHESTRATION -> {
				CreateSubOrchestrationAction c = a.getCreateSubOrchestration();
				String appId = c.hasRouter() ? target(c.getRouter()) : outerTarget;
				return new TurnAction.StartChild(id, c.getInstanceId(), c.getName(),
						DaprHistory.value(c.hasInput(), c.getInput()), appId);
			}
			case SENDEVENT -> {
				SendEventAction s = a.getSendEvent();
				return new TurnAction.SendEvent(id, s.getInstance().getInstanceId(), s.getName(),
						DaprHistory.value(s.hasData(), s.getData()));
			}
			case TERMINATEORCHESTRATION -> {
				TerminateOrchestrationAction t = a.getTerminateOrchestration();
				return new TurnAction.TerminateInstance(id, t.getInstanceId(),
						DaprHistory.value(t.hasReason(), t.getReason()));
			}
			case COMPLETEORCHESTRATION -> {
				return complete(id, a.getCompleteOrchestration());
			}
			case SENDENTITYMESSAGE -> throw new UnsupportedOperationException(
					"Durable entities are not supported by this workflow endpoint; the turn's entity message cannot be applied");
			default -> throw new IllegalArgumentException("Orchestrator action " + id + " has no action type");
		}
	}

	private static TurnAction complete(int id, CompleteOrchestrationAction c) {
		WorkflowRuntimeStatus status = DaprHistory.status(c.getOrchestrationStatus());
		List<HistoryEvent> carried = new ArrayList<>(c.getCarryoverEventsCount());
		for (var e : c.getCarryoverEventsList()) {
			carried.add(DaprHistory.fromProto(e));
		}
		return new TurnAction.CompleteRun(id, status, DaprHistory.value(c.hasResult(), c.getResult()),
				c.hasFailureDetails() ? DaprHistory.failure(c.getFailureDetails()) : null, carried);
	}

	private static String target(TaskRouter router) {
		return router.hasTargetAppID() && !router.getTargetAppID().isEmpty() ? router.getTargetAppID() : null;
	}

}
