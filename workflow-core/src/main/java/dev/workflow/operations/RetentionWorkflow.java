package dev.workflow.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.workflow.TaskCanceledException;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * The workflow behind the retention instance: purges, per status, the instances that finished
 * longer ago than their retention, a page at a time through the {@value #PURGE_ACTIVITY}
 * activity, then waits for the interval (or new settings) and continues as new.
 */
final class RetentionWorkflow implements WorkflowFunction<RetentionState, Void> {

	/** The system workflow's name. */
	static final String NAME = "dapr.workflow.retention";

	/** The activity that purges one page. */
	static final String PURGE_ACTIVITY = "dapr.workflow.retention.purge";

	/** Pages read per status and pass at most, to keep one run's history short. */
	static final int MAX_PAGES_PER_PASS = 200;

	@Override
	public Void run(WorkflowContext ctx, RetentionState state) {
		Instant now = ctx.getCurrentInstant();
		purge(ctx, state, List.of(WorkflowRuntimeStatus.COMPLETED, WorkflowRuntimeStatus.CANCELED),
				state.completedMillis(), now);
		purge(ctx, state, List.of(WorkflowRuntimeStatus.FAILED), state.failedMillis(), now);
		purge(ctx, state, List.of(WorkflowRuntimeStatus.TERMINATED), state.terminatedMillis(), now);
		RetentionState next = state;
		try {
			next = ctx.waitForExternalEvent(RetentionState.UPDATE_EVENT, Duration.ofMillis(state.intervalMillis()),
					RetentionState.class)
				.await();
		}
		catch (TaskCanceledException timedOut) {
			// the interval passed: look again
		}
		ctx.continueAsNew(next);
		return null;
	}

	private static void purge(WorkflowContext ctx, RetentionState state, List<WorkflowRuntimeStatus> statuses,
			Long keepMillis, Instant now) {
		if (keepMillis == null) {
			return;
		}
		long cutoff = now.toEpochMilli() - keepMillis;
		String token = null;
		for (int page = 0; page < MAX_PAGES_PER_PASS; page++) {
			PurgeRequest.Result result = ctx
				.callActivity(PURGE_ACTIVITY, new PurgeRequest(statuses, cutoff, state.batchSize(), token),
						PurgeRequest.Result.class)
				.await();
			// after purging, the same page is read again: a page of offsets has moved up under it
			if (result.purged() == 0) {
				if (result.continuationToken() == null) {
					return;
				}
				token = result.continuationToken();
			}
		}
	}

}
