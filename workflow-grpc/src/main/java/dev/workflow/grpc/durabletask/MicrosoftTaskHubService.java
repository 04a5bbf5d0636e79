package dev.workflow.grpc.durabletask;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ActivityResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.CompleteTaskResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.CreateInstanceRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.CreateInstanceResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.CreateTaskHubRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.CreateTaskHubResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.DeleteTaskHubRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.DeleteTaskHubResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.GetInstanceRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.GetInstanceResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.GetWorkItemsRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestratorResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.PurgeInstancesRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.PurgeInstancesResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.QueryInstancesRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.QueryInstancesResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.RaiseEventRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.RaiseEventResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ResumeRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.ResumeResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.RewindInstanceRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.RewindInstanceResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.SuspendRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.SuspendResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.TerminateRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.TerminateResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.WorkItem;

/**
 * The Microsoft flavour's {@code TaskHubSidecarService}: translates its messages to and from the
 * flavour-neutral endpoint core.
 */
final class MicrosoftTaskHubService {

	private final Object core;

	MicrosoftTaskHubService(Object core) {
		this.core = core;
	}

	void hello(Empty request, StreamObserver<Empty> response) {
		response.onNext(Empty.getDefaultInstance());
		response.onCompleted();
	}

	void startInstance(CreateInstanceRequest request, StreamObserver<CreateInstanceResponse> response) {
		unimplemented(response, "StartInstance");
	}

	void getInstance(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
		unimplemented(response, "GetInstance");
	}

	void rewindInstance(RewindInstanceRequest request, StreamObserver<RewindInstanceResponse> response) {
		unimplemented(response, "RewindInstance");
	}

	void waitForInstanceStart(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
		unimplemented(response, "WaitForInstanceStart");
	}

	void waitForInstanceCompletion(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
		unimplemented(response, "WaitForInstanceCompletion");
	}

	void raiseEvent(RaiseEventRequest request, StreamObserver<RaiseEventResponse> response) {
		unimplemented(response, "RaiseEvent");
	}

	void terminateInstance(TerminateRequest request, StreamObserver<TerminateResponse> response) {
		unimplemented(response, "TerminateInstance");
	}

	void suspendInstance(SuspendRequest request, StreamObserver<SuspendResponse> response) {
		unimplemented(response, "SuspendInstance");
	}

	void resumeInstance(ResumeRequest request, StreamObserver<ResumeResponse> response) {
		unimplemented(response, "ResumeInstance");
	}

	void queryInstances(QueryInstancesRequest request, StreamObserver<QueryInstancesResponse> response) {
		unimplemented(response, "QueryInstances");
	}

	void purgeInstances(PurgeInstancesRequest request, StreamObserver<PurgeInstancesResponse> response) {
		unimplemented(response, "PurgeInstances");
	}

	void getWorkItems(GetWorkItemsRequest request, StreamObserver<WorkItem> response) {
		unimplemented(response, "GetWorkItems");
	}

	void completeActivityTask(ActivityResponse request, StreamObserver<CompleteTaskResponse> response) {
		unimplemented(response, "CompleteActivityTask");
	}

	void completeOrchestratorTask(OrchestratorResponse request, StreamObserver<CompleteTaskResponse> response) {
		unimplemented(response, "CompleteOrchestratorTask");
	}

	void createTaskHub(CreateTaskHubRequest request, StreamObserver<CreateTaskHubResponse> response) {
		unimplemented(response, "CreateTaskHub");
	}

	void deleteTaskHub(DeleteTaskHubRequest request, StreamObserver<DeleteTaskHubResponse> response) {
		unimplemented(response, "DeleteTaskHub");
	}

	private static void unimplemented(StreamObserver<?> response, String method) {
		response.onError(Status.UNIMPLEMENTED.withDescription(method + " is not served yet").asRuntimeException());
	}

}
