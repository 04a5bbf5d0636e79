package dev.workflow.grpc.dapr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.Empty;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.PurgeInstancesCriteria;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.grpc.GrpcStatuses;
import dev.workflow.grpc.InstanceOperations;
import dev.workflow.grpc.ProtocolService;
import dev.workflow.grpc.WorkerHub;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.AbandonActivityTaskRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.AbandonActivityTaskResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.AbandonEntityTaskRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.AbandonEntityTaskResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.AbandonOrchestrationTaskRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.AbandonOrchestrationTaskResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ActivityResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CleanEntityStorageRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CleanEntityStorageResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CompleteTaskResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CreateInstanceRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CreateInstanceResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CreateTaskHubRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.CreateTaskHubResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.DeleteTaskHubRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.DeleteTaskHubResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.EntityBatchResult;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.GetEntityRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.GetEntityResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.GetInstanceRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.GetInstanceResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.GetWorkItemsRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.HistoryChunk;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.HistoryEvent;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.InstanceQuery;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.OrchestrationState;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.OrchestratorResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.PurgeInstanceFilter;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.PurgeInstancesRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.PurgeInstancesResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.QueryEntitiesRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.QueryEntitiesResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.QueryInstancesRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.QueryInstancesResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.RaiseEventRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.RaiseEventResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.RerunWorkflowFromEventRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.RerunWorkflowFromEventResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ResumeRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.ResumeResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.RewindInstanceRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.RewindInstanceResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.SignalEntityRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.SignalEntityResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.StreamInstanceHistoryRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.SuspendRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.SuspendResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TerminateRequest;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.TerminateResponse;
import dev.workflow.grpc.dapr.protobuf.DaprOrchestratorService.WorkItem;
import dev.workflow.grpc.dapr.protobuf.TaskHubSidecarServiceGrpc;

/**
 * The Dapr flavour of {@code TaskHubSidecarService}: what {@code io.dapr:dapr-sdk-workflows} and the
 * other Dapr SDKs call on their sidecar, served over our backends. Client RPCs go to
 * {@link InstanceOperations}, worker RPCs to the {@link WorkerHub}; payloads stay the JSON text the
 * SDK sent. Durable entities, task hub management, rewind and rerun answer UNIMPLEMENTED with a
 * message.
 */
public final class DaprSidecarService extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase
		implements ProtocolService {

	private final InstanceOperations operations;

	private final WorkerHub hub;

	private final Set<DaprWorkerStream> streams = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the service.
	 * @param operations the client operations
	 * @param hub the hub that hands work to connected workers
	 */
	public DaprSidecarService(InstanceOperations operations, WorkerHub hub) {
		this.operations = operations;
		this.hub = hub;
	}

	@Override
	public void closeStreams() {
		for (DaprWorkerStream s : this.streams) {
			s.complete();
		}
	}

	@Override
	public void hello(Empty request, StreamObserver<Empty> response) {
		reply(response, () -> Empty.getDefaultInstance());
	}

	// ---- client RPCs

	@Override
	public void startInstance(CreateInstanceRequest r, StreamObserver<CreateInstanceResponse> response) {
		reply(response, () -> {
			String id = this.operations.start(r.getName(), r.getInstanceId(), DaprHistory.value(r.hasInput(), r.getInput()),
					r.hasScheduledStartTimestamp() ? DaprHistory.instant(r.getScheduledStartTimestamp()) : null,
					reusePolicy(r), DaprHistory.value(r.hasVersion(), r.getVersion()));
			return CreateInstanceResponse.newBuilder().setInstanceId(id).build();
		});
	}

	@Override
	public void getInstance(GetInstanceRequest r, StreamObserver<GetInstanceResponse> response) {
		reply(response, () -> instanceResponse(this.operations.get(r.getInstanceId()), r.getGetInputsAndOutputs()));
	}

	@Override
	public void waitForInstanceStart(GetInstanceRequest r, StreamObserver<GetInstanceResponse> response) {
		reply(response, () -> instanceResponse(this.operations.waitForStart(r.getInstanceId(), callTimeout()),
				r.getGetInputsAndOutputs()));
	}

	@Override
	public void waitForInstanceCompletion(GetInstanceRequest r, StreamObserver<GetInstanceResponse> response) {
		reply(response, () -> instanceResponse(this.operations.waitForCompletion(r.getInstanceId(), callTimeout()),
				r.getGetInputsAndOutputs()));
	}

	@Override
	public void raiseEvent(RaiseEventRequest r, StreamObserver<RaiseEventResponse> response) {
		reply(response, () -> {
			this.operations.raiseEvent(r.getInstanceId(), r.getName(), DaprHistory.value(r.hasInput(), r.getInput()));
			return RaiseEventResponse.getDefaultInstance();
		});
	}

	@Override
	public void terminateInstance(TerminateRequest r, StreamObserver<TerminateResponse> response) {
		reply(response, () -> {
			// children end with their parent whether or not the request says recursive (as the engine does)
			this.operations.terminate(r.getInstanceId(), DaprHistory.value(r.hasOutput(), r.getOutput()));
			return TerminateResponse.getDefaultInstance();
		});
	}

	@Override
	public void suspendInstance(SuspendRequest r, StreamObserver<SuspendResponse> response) {
		reply(response, () -> {
			this.operations.suspend(r.getInstanceId(), DaprHistory.value(r.hasReason(), r.getReason()));
			return SuspendResponse.getDefaultInstance();
		});
	}

	@Override
	public void resumeInstance(ResumeRequest r, StreamObserver<ResumeResponse> response) {
		reply(response, () -> {
			this.operations.resume(r.getInstanceId(), DaprHistory.value(r.hasReason(), r.getReason()));
			return ResumeResponse.getDefaultInstance();
		});
	}

	@Override
	public void queryInstances(QueryInstancesRequest r, StreamObserver<QueryInstancesResponse> response) {
		reply(response, () -> {
			InstanceQuery q = r.getQuery();
			WorkflowQuery query = new WorkflowQuery().setFetchInputsAndOutputs(q.getFetchInputsAndOutputs());
			List<WorkflowRuntimeStatus> statuses = new ArrayList<>();
			q.getRuntimeStatusList().forEach(s -> statuses.add(DaprHistory.status(s)));
			query.setRuntimeStatusList(statuses);
			if (q.hasCreatedTimeFrom()) {
				query.setCreatedFrom(DaprHistory.instant(q.getCreatedTimeFrom()));
			}
			if (q.hasCreatedTimeTo()) {
				query.setCreatedTo(DaprHistory.instant(q.getCreatedTimeTo()));
			}
			if (q.getMaxInstanceCount() > 0) {
				query.setPageSize(q.getMaxInstanceCount());
			}
			if (q.hasInstanceIdPrefix()) {
				query.setInstanceIdPrefix(q.getInstanceIdPrefix().getValue());
			}
			if (q.hasContinuationToken() && !q.getContinuationToken().getValue().isEmpty()) {
				query.setContinuationToken(q.getContinuationToken().getValue());
			}
			InstancePage page = this.operations.list(query);
			QueryInstancesResponse.Builder b = QueryInstancesResponse.newBuilder();
			page.instances().forEach(m -> b.addOrchestrationState(state(m, q.getFetchInputsAndOutputs())));
			DaprHistory.optional(page.continuationToken(), b::setContinuationToken);
			return b.build();
		});
	}

	@Override
	public void purgeInstances(PurgeInstancesRequest r, StreamObserver<PurgeInstancesResponse> response) {
		reply(response, () -> {
			int deleted;
			if (r.hasPurgeInstanceFilter()) {
				PurgeInstanceFilter f = r.getPurgeInstanceFilter();
				PurgeInstancesCriteria criteria = new PurgeInstancesCriteria();
				if (f.hasCreatedTimeFrom()) {
					criteria.setCreatedTimeFrom(DaprHistory.instant(f.getCreatedTimeFrom()));
				}
				if (f.hasCreatedTimeTo()) {
					criteria.setCreatedTimeTo(DaprHistory.instant(f.getCreatedTimeTo()));
				}
				List<WorkflowRuntimeStatus> statuses = new ArrayList<>();
				f.getRuntimeStatusList().forEach(s -> statuses.add(DaprHistory.status(s)));
				criteria.setRuntimeStatusList(statuses);
				Duration timeout = callTimeout();
				if (timeout != null) {
					criteria.setTimeout(timeout);
				}
				deleted = this.operations.purge(criteria);
			}
			else {
				deleted = this.operations.purge(r.getInstanceId()) ? 1 : 0;
			}
			return PurgeInstancesResponse.newBuilder()
				.setDeletedInstanceCount(deleted)
				.setIsComplete(com.google.protobuf.BoolValue.of(true))
				.build();
		});
	}

	@Override
	public void streamInstanceHistory(StreamInstanceHistoryRequest r, StreamObserver<HistoryChunk> response) {
		try {
			List<dev.workflow.history.HistoryEvent> events = this.operations.history(r.getInstanceId());
			var all = DaprHistory.toProto(events);
			for (int i = 0; i < all.size(); i += HISTORY_CHUNK) {
				response.onNext(HistoryChunk.newBuilder()
					.addAllEvents(all.subList(i, Math.min(all.size(), i + HISTORY_CHUNK)))
					.build());
			}
			response.onCompleted();
		}
		catch (RuntimeException ex) {
			response.onError(GrpcStatuses.toStatus(ex));
		}
	}

	private static final int HISTORY_CHUNK = 200;

	// ---- worker RPCs

	@Override
	public void getWorkItems(GetWorkItemsRequest r, StreamObserver<WorkItem> response) {
		ServerCallStreamObserver<WorkItem> call = (ServerCallStreamObserver<WorkItem>) response;
		DaprWorkerStream stream = new DaprWorkerStream(call, r);
		this.streams.add(stream);
		Object handle = this.hub.connect(stream);
		call.setOnCancelHandler(() -> {
			stream.cancelled();
			this.streams.remove(stream);
			this.hub.disconnect(handle);
		});
		call.setOnCloseHandler(() -> {
			this.streams.remove(stream);
			this.hub.disconnect(handle);
		});
	}

	@Override
	public void completeOrchestratorTask(OrchestratorResponse r, StreamObserver<CompleteTaskResponse> response) {
		reply(response, () -> {
			this.hub.completeTurn(r.getInstanceId(), r.getCompletionToken(), DaprActions.toActions(r.getActionsList()),
					DaprHistory.value(r.hasCustomStatus(), r.getCustomStatus()));
			return CompleteTaskResponse.getDefaultInstance();
		});
	}

	@Override
	public void completeActivityTask(ActivityResponse r, StreamObserver<CompleteTaskResponse> response) {
		reply(response, () -> {
			this.hub.completeActivity(r.getInstanceId(), r.getTaskId(), r.getCompletionToken(),
					DaprHistory.value(r.hasResult(), r.getResult()),
					r.hasFailureDetails() ? DaprHistory.failure(r.getFailureDetails()) : null);
			return CompleteTaskResponse.getDefaultInstance();
		});
	}

	@Override
	public void abandonTaskOrchestratorWorkItem(AbandonOrchestrationTaskRequest r,
			StreamObserver<AbandonOrchestrationTaskResponse> response) {
		reply(response, () -> {
			this.hub.abandonTurn(r.getCompletionToken());
			return AbandonOrchestrationTaskResponse.getDefaultInstance();
		});
	}

	@Override
	public void abandonTaskActivityWorkItem(AbandonActivityTaskRequest r,
			StreamObserver<AbandonActivityTaskResponse> response) {
		reply(response, () -> {
			this.hub.abandonActivity(r.getCompletionToken());
			return AbandonActivityTaskResponse.getDefaultInstance();
		});
	}

	// ---- not served

	@Override
	public void rewindInstance(RewindInstanceRequest r, StreamObserver<RewindInstanceResponse> response) {
		response.onError(GrpcStatuses.unimplemented("RewindInstance",
				"restart the instance instead (schedule it again under the same id once it has finished)"));
	}

	@Override
	public void rerunWorkflowFromEvent(RerunWorkflowFromEventRequest r,
			StreamObserver<RerunWorkflowFromEventResponse> response) {
		response.onError(GrpcStatuses.unimplemented("RerunWorkflowFromEvent",
				"the backends keep no history to rerun from; schedule a new instance with the input instead"));
	}

	@Override
	public void completeEntityTask(EntityBatchResult r, StreamObserver<CompleteTaskResponse> response) {
		response.onError(entities("CompleteEntityTask"));
	}

	@Override
	public void signalEntity(SignalEntityRequest r, StreamObserver<SignalEntityResponse> response) {
		response.onError(entities("SignalEntity"));
	}

	@Override
	public void getEntity(GetEntityRequest r, StreamObserver<GetEntityResponse> response) {
		response.onError(entities("GetEntity"));
	}

	@Override
	public void queryEntities(QueryEntitiesRequest r, StreamObserver<QueryEntitiesResponse> response) {
		response.onError(entities("QueryEntities"));
	}

	@Override
	public void cleanEntityStorage(CleanEntityStorageRequest r, StreamObserver<CleanEntityStorageResponse> response) {
		response.onError(entities("CleanEntityStorage"));
	}

	@Override
	public void abandonTaskEntityWorkItem(AbandonEntityTaskRequest r,
			StreamObserver<AbandonEntityTaskResponse> response) {
		response.onError(entities("AbandonTaskEntityWorkItem"));
	}

	@Override
	public void createTaskHub(CreateTaskHubRequest r, StreamObserver<CreateTaskHubResponse> response) {
		response.onError(GrpcStatuses.unimplemented("CreateTaskHub",
				"the backend's schema is created when the application starts"));
	}

	@Override
	public void deleteTaskHub(DeleteTaskHubRequest r, StreamObserver<DeleteTaskHubResponse> response) {
		response.onError(GrpcStatuses.unimplemented("DeleteTaskHub", "purge instances instead"));
	}

	private static io.grpc.StatusRuntimeException entities(String rpc) {
		return GrpcStatuses.unimplemented(rpc, "durable entities are not supported; use workflows and activities");
	}

	// ---- mapping

	private static NewWorkflowOptions.ReusePolicy reusePolicy(CreateInstanceRequest r) {
		if (!r.hasOrchestrationIdReusePolicy()) {
			return NewWorkflowOptions.ReusePolicy.ERROR;
		}
		return switch (r.getOrchestrationIdReusePolicy().getAction()) {
			case IGNORE -> NewWorkflowOptions.ReusePolicy.IGNORE;
			case TERMINATE -> NewWorkflowOptions.ReusePolicy.TERMINATE;
			default -> NewWorkflowOptions.ReusePolicy.ERROR;
		};
	}

	private static GetInstanceResponse instanceResponse(InstanceMetadata m, boolean payloads) {
		if (m == null) {
			return GetInstanceResponse.newBuilder().setExists(false).build();
		}
		return GetInstanceResponse.newBuilder().setExists(true).setOrchestrationState(state(m, payloads)).build();
	}

	static OrchestrationState state(InstanceMetadata m, boolean payloads) {
		OrchestrationState.Builder b = OrchestrationState.newBuilder()
			.setInstanceId(m.instanceId())
			.setName(m.name() == null ? "" : m.name())
			.setOrchestrationStatus(DaprHistory.status(m.status()))
			.setCreatedTimestamp(DaprHistory.timestamp(m.createdAt()))
			.setLastUpdatedTimestamp(DaprHistory.timestamp(m.lastUpdatedAt()));
		DaprHistory.optional(m.executionId(), b::setExecutionId);
		DaprHistory.optional(m.parentInstanceId(), b::setParentInstanceId);
		if (m.status().isTerminal()) {
			b.setCompletedTimestamp(DaprHistory.timestamp(m.lastUpdatedAt()));
		}
		if (payloads) {
			DaprHistory.optional(m.input(), b::setInput);
			DaprHistory.optional(m.output(), b::setOutput);
			DaprHistory.optional(m.customStatus(), b::setCustomStatus);
		}
		if (m.failure() != null) {
			b.setFailureDetails(DaprHistory.failure(m.failure()));
		}
		return b.build();
	}

	/** The time left before the call's deadline, or null (the default wait) without one. */
	private static Duration callTimeout() {
		Deadline deadline = Context.current().getDeadline();
		return deadline == null ? null : Duration.ofMillis(Math.max(0, deadline.timeRemaining(TimeUnit.MILLISECONDS)));
	}

	/** Answers a unary call, mapping exceptions to statuses. */
	private static <T> void reply(StreamObserver<T> response, Call<T> call) {
		T value;
		try {
			value = call.run();
		}
		catch (Exception ex) {
			response.onError(GrpcStatuses.toStatus(ex));
			return;
		}
		response.onNext(value);
		response.onCompleted();
	}

	@FunctionalInterface
	private interface Call<T> {

		T run() throws TimeoutException;

	}

}
