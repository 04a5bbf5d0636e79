package dev.workflow.grpc.durabletask;

import java.util.List;

import dev.workflow.PurgeInstancesCriteria;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.GetInstanceResponse;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.InstanceQuery;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestrationState;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.OrchestrationStatus;
import dev.workflow.grpc.durabletask.protobuf.MicrosoftOrchestratorService.PurgeInstanceFilter;

import static dev.workflow.grpc.durabletask.MicrosoftValues.text;
import static dev.workflow.grpc.durabletask.MicrosoftValues.timestamp;

/**
 * Instance state, queries and purge filters of the Microsoft flavour's client RPCs.
 */
final class MicrosoftStates {

	private MicrosoftStates() {
	}

	/** The answer of GetInstance and the waits: {@code exists = false} and no state for none. */
	static GetInstanceResponse response(InstanceMetadata instance, boolean withPayloads) {
		if (instance == null) {
			return GetInstanceResponse.newBuilder().setExists(false).build();
		}
		return GetInstanceResponse.newBuilder()
			.setExists(true)
			.setOrchestrationState(state(instance, withPayloads))
			.build();
	}

	static OrchestrationState state(InstanceMetadata instance, boolean withPayloads) {
		OrchestrationState.Builder state = OrchestrationState.newBuilder()
			.setInstanceId(instance.instanceId())
			.setName(instance.name() == null ? "" : instance.name())
			.setOrchestrationStatus(MicrosoftValues.status(instance.status()));
		if (instance.createdAt() != null) {
			state.setCreatedTimestamp(timestamp(instance.createdAt()));
		}
		if (instance.lastUpdatedAt() != null) {
			state.setLastUpdatedTimestamp(timestamp(instance.lastUpdatedAt()));
		}
		if (instance.failure() != null) {
			state.setFailureDetails(MicrosoftValues.failure(instance.failure()));
		}
		// The custom status is not a payload the client asks for: SDKs show it either way.
		if (instance.customStatus() != null) {
			state.setCustomStatus(text(instance.customStatus()));
		}
		if (withPayloads) {
			if (instance.input() != null) {
				state.setInput(text(instance.input()));
			}
			if (instance.output() != null) {
				state.setOutput(text(instance.output()));
			}
		}
		return state.build();
	}

	/** The engine's query for a QueryInstances filter; unset fields do not filter. */
	static WorkflowQuery query(InstanceQuery filter) {
		WorkflowQuery query = new WorkflowQuery().setRuntimeStatusList(statuses(filter.getRuntimeStatusList()))
			.setFetchInputsAndOutputs(filter.getFetchInputsAndOutputs());
		if (filter.hasCreatedTimeFrom()) {
			query.setCreatedTimeFrom(MicrosoftValues.instant(filter.getCreatedTimeFrom()));
		}
		if (filter.hasCreatedTimeTo()) {
			query.setCreatedTimeTo(MicrosoftValues.instant(filter.getCreatedTimeTo()));
		}
		if (filter.getMaxInstanceCount() > 0) {
			query.setMaxInstanceCount(filter.getMaxInstanceCount());
		}
		if (filter.hasContinuationToken() && !filter.getContinuationToken().getValue().isEmpty()) {
			query.setContinuationToken(filter.getContinuationToken().getValue());
		}
		if (filter.hasInstanceIdPrefix() && !filter.getInstanceIdPrefix().getValue().isEmpty()) {
			query.setInstanceIdPrefix(filter.getInstanceIdPrefix().getValue());
		}
		return query;
	}

	/** The engine's purge criteria for a filtered PurgeInstances. */
	static PurgeInstancesCriteria purgeCriteria(PurgeInstanceFilter filter) {
		PurgeInstancesCriteria criteria = new PurgeInstancesCriteria()
			.setRuntimeStatusList(statuses(filter.getRuntimeStatusList()));
		if (filter.hasCreatedTimeFrom()) {
			criteria.setCreatedTimeFrom(MicrosoftValues.instant(filter.getCreatedTimeFrom()));
		}
		if (filter.hasCreatedTimeTo()) {
			criteria.setCreatedTimeTo(MicrosoftValues.instant(filter.getCreatedTimeTo()));
		}
		return criteria;
	}

	private static List<WorkflowRuntimeStatus> statuses(List<OrchestrationStatus> statuses) {
		return statuses.stream().map(MicrosoftValues::status).toList();
	}

}
