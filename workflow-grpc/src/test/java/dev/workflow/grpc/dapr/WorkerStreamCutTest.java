package dev.workflow.grpc.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.dapr.workflows.client.DaprWorkflowClient;
import io.dapr.workflows.client.WorkflowInstanceStatus;
import io.dapr.workflows.client.WorkflowRuntimeStatus;
import io.dapr.workflows.runtime.WorkflowRuntime;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.junit.jupiter.api.Test;

import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.grpc.EndpointFixture;
import dev.workflow.grpc.EndpointSettings;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.GetWorkItemsRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.OrchestratorResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.WorkItem;
import dev.workflow.grpc.dapr.protobuf.TaskHubSidecarServiceGrpc;

/**
 * Work items go only to connected workers, and a worker whose stream is cut in the middle of a turn
 * loses nothing: the turn goes back to the backend at once and the next worker (the real Dapr SDK
 * worker) runs it to completion.
 */
class WorkerStreamCutTest {

	@Test
	void turnOfAWorkerCutMidTurnGoesToTheNextWorker() throws Exception {
		Path file = Path.of("target", "sqlite", "stream-cut-" + UUID.randomUUID() + ".db").toAbsolutePath();
		file.getParent().toFile().mkdirs();
		try (EndpointFixture fixture = EndpointFixture.start("sqlite", Map.of("connection-string", "file:" + file), b -> {
		}, EndpointSettings.onPort(0), parts -> new DaprSidecarService(parts.operations(), parts.hub()))) {
			String id = "cut-" + UUID.randomUUID();
			fixture.runtime().client().scheduleNewWorkflow(DaprSdkWorkflows.Chain.class.getCanonicalName(), "abc", id);

			// no worker connected: the item waits unclaimed (another worker of the backend could take it)
			Thread.sleep(700);
			WorkflowWorkItem free = fixture.runtime().backend().nextWorkflowWorkItem(Duration.ofSeconds(5),
					WorkerCapabilities.ANY);
			assertThat(free).isNotNull();
			assertThat(free.instanceId()).isEqualTo(id);
			fixture.runtime().backend().abandonWorkflowWorkItem(free, Duration.ZERO);

			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", fixture.port()).usePlaintext().build();
			try {
				// worker A takes the turn, then its stream is cut before it completes
				BlockingQueue<WorkItem> received = new LinkedBlockingQueue<>();
				AtomicReference<ClientCallStreamObserver<GetWorkItemsRequest>> call = new AtomicReference<>();
				TaskHubSidecarServiceGrpc.newStub(channel)
					.getWorkItems(GetWorkItemsRequest.getDefaultInstance(), new ClientResponseObserver<GetWorkItemsRequest, WorkItem>() {
						@Override
						public void beforeStart(ClientCallStreamObserver<GetWorkItemsRequest> requestStream) {
							call.set(requestStream);
						}

						@Override
						public void onNext(WorkItem value) {
							received.add(value);
						}

						@Override
						public void onError(Throwable t) {
						}

						@Override
						public void onCompleted() {
						}
					});
				WorkItem turn = received.poll(20, TimeUnit.SECONDS);
				assertThat(turn).isNotNull();
				assertThat(turn.getOrchestratorRequest().getInstanceId()).isEqualTo(id);
				assertThat(turn.getOrchestratorRequest().getNewEvents(0).hasOrchestratorStarted()).isTrue();
				call.get().cancel("worker killed", null);

				// A's late completion finds nothing: the turn went back when the stream was cut
				TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub blocking = TaskHubSidecarServiceGrpc
					.newBlockingStub(channel);
				await(() -> fixture.hub().connectedWorkers() == 0);
				assertThatThrownBy(() -> blocking.completeOrchestratorTask(OrchestratorResponse.newBuilder()
					.setInstanceId(id)
					.setCompletionToken(turn.getCompletionToken())
					.build())).isInstanceOfSatisfying(StatusRuntimeException.class,
							ex -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
			}
			finally {
				channel.shutdownNow();
			}

			// worker B (the real SDK) connects and runs it to the end
			var properties = DaprSdkEndpointTests.sdkProperties(fixture.port(), null);
			ExecutorService threads = Executors.newCachedThreadPool();
			WorkflowRuntime sdk = DaprSdkWorkflows.newWorker(properties, threads);
			try (DaprWorkflowClient client = new DaprWorkflowClient(properties)) {
				sdk.start(false);
				WorkflowInstanceStatus done = client.waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
				assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				assertThat(done.readOutputAs(String.class)).isEqualTo("CBA!");
			}
			finally {
				fixture.endpoint().stop();
				sdk.close();
				threads.shutdownNow();
			}
		}
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean() && System.nanoTime() < end) {
			Thread.sleep(20);
		}
		assertThat(condition.getAsBoolean()).isTrue();
	}

}
