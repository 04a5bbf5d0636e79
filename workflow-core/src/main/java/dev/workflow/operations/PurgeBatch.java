package dev.workflow.operations;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.workflow.ActivityContext;
import dev.workflow.ActivityFunction;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRetention;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.WorkflowSchedules;

/**
 * Purges the instances of one page that finished before the cutoff. An instance finished before
 * the cutoff was created before it, so the query narrows on the creation time and the page is
 * checked against the last update. Purging twice is harmless, so at-least-once is enough.
 */
final class PurgeBatch implements ActivityFunction<PurgeRequest, PurgeRequest.Result> {

	private final Supplier<WorkflowClient> client;

	private final Supplier<WorkflowRetention.PurgeListener> listener;

	PurgeBatch(Supplier<WorkflowClient> client, Supplier<WorkflowRetention.PurgeListener> listener) {
		this.client = client;
		this.listener = listener;
	}

	@Override
	public PurgeRequest.Result run(ActivityContext ctx, PurgeRequest request) {
		WorkflowClient c = this.client.get();
		Instant cutoff = Instant.ofEpochMilli(request.cutoffMillis());
		WorkflowQueryResult page = c.listInstances(new WorkflowQuery().setRuntimeStatusList(request.statuses())
			.setCreatedTo(cutoff)
			.setPageSize(request.batchSize())
			.setContinuationToken(request.continuationToken()));
		Map<WorkflowRuntimeStatus, Integer> purged = new EnumMap<>(WorkflowRuntimeStatus.class);
		for (WorkflowInstanceStatus instance : page.getWorkflowInstances()) {
			if (isSystem(instance.getInstanceId()) || !instance.getRuntimeStatus().isTerminal()
					|| instance.getLastUpdatedAt() == null || !instance.getLastUpdatedAt().isBefore(cutoff)) {
				continue;
			}
			try {
				if (c.purgeInstance(instance.getInstanceId())) {
					purged.merge(instance.getRuntimeStatus(), 1, Integer::sum);
				}
			}
			catch (IllegalStateException restarted) {
				// restarted under the same id since it was listed: it is no longer finished
			}
		}
		purged.forEach((status, count) -> this.listener.get().purged(status, count));
		int total = purged.values().stream().mapToInt(Integer::intValue).sum();
		return new PurgeRequest.Result(total, page.getContinuationToken());
	}

	/**
	 * Whether an instance runs a schedule or retention, which retention never purges.
	 * @param instanceId the id
	 * @return true for system instances
	 */
	static boolean isSystem(String instanceId) {
		return instanceId.startsWith(WorkflowSchedules.INSTANCE_PREFIX)
				|| instanceId.equals(WorkflowRetention.INSTANCE_ID);
	}

}
