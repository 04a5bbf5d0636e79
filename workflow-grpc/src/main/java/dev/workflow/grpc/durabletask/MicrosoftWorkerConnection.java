package dev.workflow.grpc.durabletask;

import io.grpc.stub.ServerCallStreamObserver;

import dev.workflow.backend.ActivityRequest;
import dev.workflow.grpc.ActivityCall;
import dev.workflow.grpc.WorkerConnection;
import dev.workflow.grpc.WorkflowTurn;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestrationInstance;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestratorRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.WorkItem;

import static dev.workflow.grpc.durabletask.MicrosoftValues.text;

/**
 * One Microsoft-flavour GetWorkItems stream. The 1.5.0 protocol has no completion token, so the
 * hub's tokens stay on this side and completions are matched by instance id (and task id).
 */
final class MicrosoftWorkerConnection implements WorkerConnection {

	private final ServerCallStreamObserver<WorkItem> stream;

	MicrosoftWorkerConnection(ServerCallStreamObserver<WorkItem> stream) {
		this.stream = stream;
	}

	@Override
	public void sendTurn(WorkflowTurn turn) {
		OrchestratorRequest.Builder request = OrchestratorRequest.newBuilder()
			.setInstanceId(turn.instanceId())
			.addAllPastEvents(MicrosoftHistory.toProto(turn.pastEvents()))
			.addAllNewEvents(MicrosoftHistory.toProto(turn.newEvents()));
		if (turn.executionId() != null) {
			request.setExecutionId(text(turn.executionId()));
		}
		send(WorkItem.newBuilder().setOrchestratorRequest(request).build());
	}

	@Override
	public void sendActivity(ActivityCall call) {
		ActivityRequest activity = call.request();
		OrchestrationInstance.Builder instance = OrchestrationInstance.newBuilder()
			.setInstanceId(activity.instanceId());
		if (activity.executionId() != null) {
			instance.setExecutionId(text(activity.executionId()));
		}
		MicrosoftOrchestratorService.ActivityRequest.Builder request = MicrosoftOrchestratorService.ActivityRequest
			.newBuilder()
			.setName(activity.name())
			.setTaskId(activity.taskId())
			.setOrchestrationInstance(instance);
		if (activity.input() != null) {
			request.setInput(text(activity.input()));
		}
		send(WorkItem.newBuilder().setActivityRequest(request).build());
	}

	/** Writes one item; gRPC stream observers are not thread-safe, and the hub writes from several threads. */
	private synchronized void send(WorkItem item) {
		if (this.stream.isCancelled()) {
			throw new IllegalStateException("The worker's GetWorkItems stream is closed");
		}
		this.stream.onNext(item);
	}

	/** Ends the stream normally (the endpoint stops); the worker reconnects. */
	synchronized void complete() {
		if (!this.stream.isCancelled()) {
			try {
				this.stream.onCompleted();
			}
			catch (IllegalStateException alreadyClosed) {
				// the call ended meanwhile: nothing left to close
			}
		}
	}

}
