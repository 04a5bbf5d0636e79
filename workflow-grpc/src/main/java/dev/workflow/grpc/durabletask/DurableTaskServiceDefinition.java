package dev.workflow.grpc.durabletask;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.ServerCalls.UnaryMethod;

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
 * The Microsoft flavour's {@code TaskHubSidecarService} as a gRPC service definition written by
 * hand. The SDKs call {@code /TaskHubSidecarService/<Method>} (upstream's proto declares no
 * package), while our messages live in the proto package {@code workflow.durabletask.microsoft}
 * to stay apart from the Dapr flavour's; a generated stub would put that package into every
 * method path. Message marshalling is protobuf's, so the bytes on the wire are upstream's.
 */
final class DurableTaskServiceDefinition {

	/** The service name the durabletask SDKs call: upstream's, without a proto package. */
	static final String SERVICE_NAME = "TaskHubSidecarService";

	static final MethodDescriptor<Empty, Empty> HELLO = unary("Hello", Empty.getDefaultInstance(),
			Empty.getDefaultInstance());

	static final MethodDescriptor<CreateInstanceRequest, CreateInstanceResponse> START_INSTANCE = unary(
			"StartInstance", CreateInstanceRequest.getDefaultInstance(), CreateInstanceResponse.getDefaultInstance());

	static final MethodDescriptor<GetInstanceRequest, GetInstanceResponse> GET_INSTANCE = unary("GetInstance",
			GetInstanceRequest.getDefaultInstance(), GetInstanceResponse.getDefaultInstance());

	static final MethodDescriptor<RewindInstanceRequest, RewindInstanceResponse> REWIND_INSTANCE = unary(
			"RewindInstance", RewindInstanceRequest.getDefaultInstance(), RewindInstanceResponse.getDefaultInstance());

	static final MethodDescriptor<GetInstanceRequest, GetInstanceResponse> WAIT_FOR_INSTANCE_START = unary(
			"WaitForInstanceStart", GetInstanceRequest.getDefaultInstance(), GetInstanceResponse.getDefaultInstance());

	static final MethodDescriptor<GetInstanceRequest, GetInstanceResponse> WAIT_FOR_INSTANCE_COMPLETION = unary(
			"WaitForInstanceCompletion", GetInstanceRequest.getDefaultInstance(),
			GetInstanceResponse.getDefaultInstance());

	static final MethodDescriptor<RaiseEventRequest, RaiseEventResponse> RAISE_EVENT = unary("RaiseEvent",
			RaiseEventRequest.getDefaultInstance(), RaiseEventResponse.getDefaultInstance());

	static final MethodDescriptor<TerminateRequest, TerminateResponse> TERMINATE_INSTANCE = unary(
			"TerminateInstance", TerminateRequest.getDefaultInstance(), TerminateResponse.getDefaultInstance());

	static final MethodDescriptor<SuspendRequest, SuspendResponse> SUSPEND_INSTANCE = unary("SuspendInstance",
			SuspendRequest.getDefaultInstance(), SuspendResponse.getDefaultInstance());

	static final MethodDescriptor<ResumeRequest, ResumeResponse> RESUME_INSTANCE = unary("ResumeInstance",
			ResumeRequest.getDefaultInstance(), ResumeResponse.getDefaultInstance());

	static final MethodDescriptor<QueryInstancesRequest, QueryInstancesResponse> QUERY_INSTANCES = unary(
			"QueryInstances", QueryInstancesRequest.getDefaultInstance(), QueryInstancesResponse.getDefaultInstance());

	static final MethodDescriptor<PurgeInstancesRequest, PurgeInstancesResponse> PURGE_INSTANCES = unary(
			"PurgeInstances", PurgeInstancesRequest.getDefaultInstance(), PurgeInstancesResponse.getDefaultInstance());

	static final MethodDescriptor<GetWorkItemsRequest, WorkItem> GET_WORK_ITEMS = MethodDescriptor
		.<GetWorkItemsRequest, WorkItem>newBuilder()
		.setType(MethodType.SERVER_STREAMING)
		.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "GetWorkItems"))
		.setRequestMarshaller(ProtoUtils.marshaller(GetWorkItemsRequest.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(WorkItem.getDefaultInstance()))
		.build();

	static final MethodDescriptor<ActivityResponse, CompleteTaskResponse> COMPLETE_ACTIVITY_TASK = unary(
			"CompleteActivityTask", ActivityResponse.getDefaultInstance(), CompleteTaskResponse.getDefaultInstance());

	static final MethodDescriptor<OrchestratorResponse, CompleteTaskResponse> COMPLETE_ORCHESTRATOR_TASK = unary(
			"CompleteOrchestratorTask", OrchestratorResponse.getDefaultInstance(),
			CompleteTaskResponse.getDefaultInstance());

	static final MethodDescriptor<CreateTaskHubRequest, CreateTaskHubResponse> CREATE_TASK_HUB = unary(
			"CreateTaskHub", CreateTaskHubRequest.getDefaultInstance(), CreateTaskHubResponse.getDefaultInstance());

	static final MethodDescriptor<DeleteTaskHubRequest, DeleteTaskHubResponse> DELETE_TASK_HUB = unary(
			"DeleteTaskHub", DeleteTaskHubRequest.getDefaultInstance(), DeleteTaskHubResponse.getDefaultInstance());

	private DurableTaskServiceDefinition() {
	}

	/**
	 * Binds every method of the service to the given implementation.
	 */
	static ServerServiceDefinition bind(MicrosoftTaskHubService service) {
		return ServerServiceDefinition.builder(SERVICE_NAME)
			.addMethod(HELLO, call(service::hello))
			.addMethod(START_INSTANCE, call(service::startInstance))
			.addMethod(GET_INSTANCE, call(service::getInstance))
			.addMethod(REWIND_INSTANCE, call(service::rewindInstance))
			.addMethod(WAIT_FOR_INSTANCE_START, call(service::waitForInstanceStart))
			.addMethod(WAIT_FOR_INSTANCE_COMPLETION, call(service::waitForInstanceCompletion))
			.addMethod(RAISE_EVENT, call(service::raiseEvent))
			.addMethod(TERMINATE_INSTANCE, call(service::terminateInstance))
			.addMethod(SUSPEND_INSTANCE, call(service::suspendInstance))
			.addMethod(RESUME_INSTANCE, call(service::resumeInstance))
			.addMethod(QUERY_INSTANCES, call(service::queryInstances))
			.addMethod(PURGE_INSTANCES, call(service::purgeInstances))
			.addMethod(GET_WORK_ITEMS, ServerCalls.asyncServerStreamingCall(service::getWorkItems))
			.addMethod(COMPLETE_ACTIVITY_TASK, call(service::completeActivityTask))
			.addMethod(COMPLETE_ORCHESTRATOR_TASK, call(service::completeOrchestratorTask))
			.addMethod(CREATE_TASK_HUB, call(service::createTaskHub))
			.addMethod(DELETE_TASK_HUB, call(service::deleteTaskHub))
			.build();
	}

	private static <Q, R> io.grpc.ServerCallHandler<Q, R> call(UnaryMethod<Q, R> method) {
		return ServerCalls.asyncUnaryCall(method);
	}

	private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(String method, Q request,
			R response) {
		return MethodDescriptor.<Q, R>newBuilder()
			.setType(MethodType.UNARY)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, method))
			.setRequestMarshaller(ProtoUtils.marshaller(request))
			.setResponseMarshaller(ProtoUtils.marshaller(response))
			.build();
	}

}
