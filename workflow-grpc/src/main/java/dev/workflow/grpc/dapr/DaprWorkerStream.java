package dev.workflow.grpc.dapr;

import io.grpc.stub.ServerCallStreamObserver;

import dev.workflow.grpc.ActivityCall;
import dev.workflow.grpc.WorkerConnection;
import dev.workflow.grpc.WorkflowTurn;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ActivityRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.GetWorkItemsRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.OrchestratorRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.WorkItem;

/**
 * One Dapr worker's GetWorkItems stream: writes turns and activity calls as Dapr work items. Writes
 * are serialized, since a gRPC stream observer is not thread-safe.
 */
final class DaprWorkerStream implements WorkerConnection {

	private final ServerCallStreamObserver<WorkItem> stream;

	private final GetWorkItemsRequest request;

	private boolean closed;

	DaprWorkerStream(ServerCallStreamObserver<WorkItem> stream, GetWorkItemsRequest request) {
		this.stream = stream;
		this.request = request;
	}

	@Override
	public void sendTurn(WorkflowTurn turn) {
		OrchestratorRequest.Builder r = OrchestratorRequest.newBuilder()
			.setInstanceId(turn.instanceId())
			.addAllPastEvents(DaprHistory.toProto(turn.pastEvents()))
			.addAllNewEvents(DaprHistory.toProto(turn.newEvents()));
		DaprHistory.optional(turn.executionId(), r::setExecutionId);
		send(WorkItem.newBuilder().setOrchestratorRequest(r).setCompletionToken(turn.completionToken()).build());
	}

	@Override
	public void sendActivity(ActivityCall call) {
		dev.workflow.backend.ActivityRequest req = call.request();
		ActivityRequest.Builder r = ActivityRequest.newBuilder()
			.setName(req.name())
			.setTaskId(req.taskId())
			.setOrchestrationInstance(DaprHistory.instance(req.instanceId(), req.executionId()))
			// stable across redeliveries of the same call, so an SDK can use it to deduplicate
			.setTaskExecutionId(req.executionId() + ":" + req.taskId());
		DaprHistory.optional(req.input(), r::setInput);
		send(WorkItem.newBuilder().setActivityRequest(r).setCompletionToken(call.completionToken()).build());
	}

	@Override
	public int maxTurns() {
		return this.request.getMaxConcurrentOrchestrationWorkItems();
	}

	@Override
	public int maxActivities() {
		return this.request.getMaxConcurrentActivityWorkItems();
	}

	private synchronized void send(WorkItem item) {
		if (this.closed || this.stream.isCancelled()) {
			throw new IllegalStateException("The worker's stream is closed");
		}
		this.stream.onNext(item);
	}

	/** Ends the stream normally (the endpoint stops); later sends fail. */
	synchronized void complete() {
		if (!this.closed) {
			this.closed = true;
			try {
				this.stream.onCompleted();
			}
			catch (RuntimeException alreadyCancelled) {
				// the worker went away first: nothing to end
			}
		}
	}

	/** Marks the stream closed after the worker cancelled it. */
	synchronized void cancelled() {
		this.closed = true;
	}

}
