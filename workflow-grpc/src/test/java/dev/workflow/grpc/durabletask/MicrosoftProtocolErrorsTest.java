package dev.workflow.grpc.durabletask;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.CreateInstanceRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.GetWorkItemsRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestratorAction;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestratorResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.RewindInstanceRequest;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.WorkItem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the Microsoft-flavour endpoint answers a worker or client that breaks the protocol, spoken
 * over raw gRPC calls with the protocol's own messages: a turn answered with an action of no type
 * ends the instance FAILED with the reason (rather than leaving it out on the stream forever), and
 * an RPC the backends cannot serve answers UNIMPLEMENTED with a message.
 */
class MicrosoftProtocolErrorsTest {

	@Test
	void aTurnAnsweredWithAnActionOfNoTypeFailsTheInstanceWithTheReason() throws Exception {
		try (MicrosoftSdkEndpoint endpoint = new MicrosoftSdkEndpoint(
				WorkflowRuntime.builder().backend("actors", Map.of("state-store", "memory")))) {
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", endpoint.port()).usePlaintext().build();
			try {
				ClientCalls.blockingUnaryCall(channel, DurableTaskServiceDefinition.START_INSTANCE, CallOptions.DEFAULT,
						CreateInstanceRequest.newBuilder().setInstanceId("raw-invalid").setName("anything").build());
				ClientCall<GetWorkItemsRequest, WorkItem> stream = channel
					.newCall(DurableTaskServiceDefinition.GET_WORK_ITEMS, CallOptions.DEFAULT);
				Iterator<WorkItem> items = ClientCalls.blockingServerStreamingCall(stream,
						GetWorkItemsRequest.getDefaultInstance());
				WorkItem item = items.next();
				assertThat(item.getOrchestratorRequest().getInstanceId()).isEqualTo("raw-invalid");
				assertThat(item.getOrchestratorRequest().getNewEventsList()).first()
					.satisfies(e -> assertThat(e.hasOrchestratorStarted()).isTrue());
				OrchestratorResponse invalid = OrchestratorResponse.newBuilder()
					.setInstanceId("raw-invalid")
					.addActions(OrchestratorAction.newBuilder().setId(0))
					.build();
				assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel,
						DurableTaskServiceDefinition.COMPLETE_ORCHESTRATOR_TASK, CallOptions.DEFAULT, invalid))
					.isInstanceOfSatisfying(StatusRuntimeException.class, ex -> {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
						assertThat(ex.getStatus().getDescription()).contains("sets no action type");
					});
				WorkflowInstanceStatus status = endpoint.runtime()
					.client()
					.waitForInstanceCompletion("raw-invalid", Duration.ofSeconds(30), false);
				assertThat(status.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
				assertThat(status.getFailureDetails().getErrorMessage()).contains("sets no action type");
				stream.cancel("test over", null);
			}
			finally {
				channel.shutdownNow();
			}
		}
	}

	@Test
	void rewindAnswersUnimplementedWithWhatToDoInstead() {
		try (MicrosoftSdkEndpoint endpoint = new MicrosoftSdkEndpoint(
				WorkflowRuntime.builder().backend("actors", Map.of("state-store", "memory")))) {
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", endpoint.port()).usePlaintext().build();
			try {
				assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel,
						DurableTaskServiceDefinition.REWIND_INSTANCE, CallOptions.DEFAULT,
						RewindInstanceRequest.newBuilder().setInstanceId("any").build()))
					.isInstanceOfSatisfying(StatusRuntimeException.class, ex -> {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
						assertThat(ex.getStatus().getDescription()).contains("start a new instance instead");
					});
			}
			finally {
				channel.shutdownNow();
			}
		}
	}

}
