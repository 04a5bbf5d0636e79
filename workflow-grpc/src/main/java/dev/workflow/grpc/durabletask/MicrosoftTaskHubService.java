package dev.workflow.grpc.durabletask;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import dev.workflow.FailureDetails;
import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.grpc.GrpcStatuses;
import dev.workflow.grpc.InstanceOperations;
import dev.workflow.grpc.ProtocolService;
import dev.workflow.grpc.TurnAction;
import dev.workflow.grpc.WorkerHub;
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

import static dev.workflow.grpc.durabletask.MicrosoftValues.text;

/**
 * The Microsoft flavour of {@code TaskHubSidecarService} (what {@code com.microsoft:durabletask-client}
 * 1.5.0 speaks): maps its messages to the endpoint's neutral core, the {@link InstanceOperations}
 * for client calls and the {@link WorkerHub} for worker streams and completions.
 * <p>
 * Waits take their timeout from the call's gRPC deadline (the protocol has no timeout field), and
 * answer DEADLINE_EXCEEDED past it, which the SDK reports as a timeout.
 */
public final class MicrosoftTaskHubService implements ProtocolService {

	/** Time kept from the caller's deadline to send the answer before it expires. */
	private static final Duration DEADLINE_MARGIN = Duration.ofMillis(200);

	private final WorkerHub hub;

	private final InstanceOperations operations;

	private final Clock clock;

	private final Map<MicrosoftWorkerConnection, Object> streams = new ConcurrentHashMap<>();

	/**
	 * Creates the service.
	 * @param hub the hub that hands work to the connected workers
	 * @param operations the client operations
	 * @param clock the clock for events without a timestamp
	 */
	public MicrosoftTaskHubService(WorkerHub hub, InstanceOperations operations, Clock clock) {
		this.hub = hub;
		this.operations = operations;
		this.clock = clock;
	}

	@Override
	public ServerServiceDefinition bindService() {
		return DurableTaskServiceDefinition.bind(this);
	}

	@Override
	public void closeStreams() {
		for (Map.Entry<MicrosoftWorkerConnection, Object> stream : this.streams.entrySet()) {
			if (this.streams.remove(stream.getKey()) != null) {
				this.hub.disconnect(stream.getValue());
				stream.getKey().complete();
			}
		}
	}

	void hello(Empty request, StreamObserver<Empty> response) {
		answer(response, () -> Empty.getDefaultInstance());
	}

	void startInstance(CreateInstanceRequest request, StreamObserver<CreateInstanceResponse> response) {
		answer(response, () -> {
			Instant startAt = request.hasScheduledStartTimestamp()
					? MicrosoftValues.instant(request.getScheduledStartTimestamp()) : null;
			String id = this.operations.start(request.getName(), request.getInstanceId(),
					text(request.hasInput(), request.getInput()), startAt, NewWorkflowOptions.ReusePolicy.ERROR,
					text(request.hasVersion(), request.getVersion()));
			return CreateInstanceResponse.newBuilder().setInstanceId(id).build();
		});
	}

	void getInstance(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
		answer(response, () -> MicrosoftStates.response(this.operations.get(request.getInstanceId()),
				request.getGetInputsAndOutputs()));
	}

	void rewindInstance(RewindInstanceRequest request, StreamObserver<RewindInstanceResponse> response) {
		response.onError(GrpcStatuses.unimplemented("RewindInstance",
				"the workflow backends keep no rewind point; start a new instance instead"));
	}

	void waitForInstanceStart(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
		answer(response, () -> {
			InstanceMetadata instance = this.operations.waitForStart(request.getInstanceId(), timeout());
			return MicrosoftStates.response(instance, request.getGetInputsAndOutputs());
		});
	}

	void waitForInstanceCompletion(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
		answer(response, () -> {
			InstanceMetadata instance = this.operations.waitForCompletion(request.getInstanceId(), timeout());
			return MicrosoftStates.response(instance, request.getGetInputsAndOutputs());
		});
	}

	void raiseEvent(RaiseEventRequest request, StreamObserver<RaiseEventResponse> response) {
		answer(response, () -> {
			this.operations.raiseEvent(request.getInstanceId(), request.getName(),
					text(request.hasInput(), request.getInput()));
			return RaiseEventResponse.getDefaultInstance();
		});
	}

	void terminateInstance(TerminateRequest request, StreamObserver<TerminateResponse> response) {
		answer(response, () -> {
			this.operations.terminate(request.getInstanceId(), text(request.hasOutput(), request.getOutput()));
			return TerminateResponse.getDefaultInstance();
		});
	}

	void suspendInstance(SuspendRequest request, StreamObserver<SuspendResponse> response) {
		answer(response, () -> {
			this.operations.suspend(request.getInstanceId(), text(request.hasReason(), request.getReason()));
			return SuspendResponse.getDefaultInstance();
		});
	}

	void resumeInstance(ResumeRequest request, StreamObserver<ResumeResponse> response) {
		answer(response, () -> {
			this.operations.resume(request.getInstanceId(), text(request.hasReason(), request.getReason()));
			return ResumeResponse.getDefaultInstance();
		});
	}

	void queryInstances(QueryInstancesRequest request, StreamObserver<QueryInstancesResponse> response) {
		answer(response, () -> {
			boolean payloads = request.getQuery().getFetchInputsAndOutputs();
			InstancePage page = this.operations.list(MicrosoftStates.query(request.getQuery()));
			QueryInstancesResponse.Builder answer = QueryInstancesResponse.newBuilder();
			for (InstanceMetadata instance : page.instances()) {
				answer.addOrchestrationState(MicrosoftStates.state(instance, payloads));
			}
			if (page.continuationToken() != null) {
				answer.setContinuationToken(text(page.continuationToken()));
			}
			return answer.build();
		});
	}

	void purgeInstances(PurgeInstancesRequest request, StreamObserver<PurgeInstancesResponse> response) {
		answer(response, () -> {
			int deleted;
			if (request.hasPurgeInstanceFilter()) {
				Duration timeout = timeout();
				deleted = this.operations.purge(MicrosoftStates.purgeCriteria(request.getPurgeInstanceFilter())
					.setTimeout(timeout));
			}
			else {
				deleted = this.operations.purge(request.getInstanceId()) ? 1 : 0;
			}
			return PurgeInstancesResponse.newBuilder().setDeletedInstanceCount(deleted).build();
		});
	}

	void getWorkItems(GetWorkItemsRequest request, StreamObserver<WorkItem> response) {
		ServerCallStreamObserver<WorkItem> stream = (ServerCallStreamObserver<WorkItem>) response;
		MicrosoftWorkerConnection connection = new MicrosoftWorkerConnection(stream);
		// Registered before connecting: a stream cancelled at once must still give its items back.
		stream.setOnCancelHandler(() -> disconnect(connection));
		this.streams.put(connection, connection);
		try {
			Object handle = this.hub.connect(connection);
			// replace() keeps a stream the cancel handler already removed out of the map
			if (this.streams.replace(connection, handle) == null) {
				this.hub.disconnect(handle);
			}
		}
		catch (RuntimeException ex) {
			this.streams.remove(connection);
			response.onError(GrpcStatuses.toStatus(ex));
		}
	}

	private void disconnect(MicrosoftWorkerConnection connection) {
		Object handle = this.streams.remove(connection);
		if (handle != null && handle != connection) {
			this.hub.disconnect(handle);
		}
	}

	void completeActivityTask(ActivityResponse request, StreamObserver<CompleteTaskResponse> response) {
		answer(response, () -> {
			this.hub.completeActivity(request.getInstanceId(), request.getTaskId(), null,
					text(request.hasResult(), request.getResult()),
					request.hasFailureDetails() ? MicrosoftValues.failure(request.getFailureDetails()) : null);
			return CompleteTaskResponse.getDefaultInstance();
		});
	}

	void completeOrchestratorTask(OrchestratorResponse request, StreamObserver<CompleteTaskResponse> response) {
		answer(response, () -> {
			String customStatus = text(request.hasCustomStatus(), request.getCustomStatus());
			List<TurnAction> actions;
			try {
				actions = MicrosoftActions.toTurnActions(request.getInstanceId(), request.getActionsList(),
						this.clock.instant());
			}
			catch (IllegalArgumentException invalid) {
				// The worker believes the turn done: left out on its stream, the instance would hang
				// (and a redelivery would get the same answer). It ends FAILED with the reason instead.
				FailureDetails failure = new FailureDetails(IllegalArgumentException.class.getName(),
						"The worker answered the turn with an action this endpoint cannot apply: "
								+ invalid.getMessage(),
						null);
				this.hub.completeTurn(request.getInstanceId(), null, List.of(new TurnAction.CompleteRun(
						request.getActionsCount(), WorkflowRuntimeStatus.FAILED, null, failure, List.of())),
						customStatus);
				throw invalid;
			}
			this.hub.completeTurn(request.getInstanceId(), null, actions, customStatus);
			return CompleteTaskResponse.getDefaultInstance();
		});
	}

	void createTaskHub(CreateTaskHubRequest request, StreamObserver<CreateTaskHubResponse> response) {
		response.onError(GrpcStatuses.unimplemented("CreateTaskHub",
				"the workflow backend creates its own schema when it starts"));
	}

	void deleteTaskHub(DeleteTaskHubRequest request, StreamObserver<DeleteTaskHubResponse> response) {
		response.onError(GrpcStatuses.unimplemented("DeleteTaskHub",
				"the workflow backend's data is not deleted over gRPC; purge instances instead"));
	}

	/** How long a wait may take: the caller's deadline less a margin, or null (the default wait) for none. */
	private static Duration timeout() {
		Deadline deadline = Context.current().getDeadline();
		if (deadline == null) {
			return null;
		}
		Duration left = Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS)).minus(DEADLINE_MARGIN);
		return left.isNegative() ? Duration.ZERO : left;
	}

	private static <R> void answer(StreamObserver<R> response, Call<R> call) {
		R result;
		try {
			result = call.run();
		}
		catch (Exception | LinkageError ex) {
			response.onError(GrpcStatuses.toStatus(ex));
			return;
		}
		response.onNext(result);
		response.onCompleted();
	}

	/** One RPC's work, which may fail with any exception (mapped to a status). */
	@FunctionalInterface
	private interface Call<R> {

		R run() throws Exception;

	}

}
