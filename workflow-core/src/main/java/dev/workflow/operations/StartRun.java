package dev.workflow.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.workflow.ActivityContext;
import dev.workflow.ActivityFunction;
import dev.workflow.DataConverter;
import dev.workflow.NewWorkflowOptions;
import dev.workflow.ScheduleOverlapPolicy;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntimeStatus;
import tools.jackson.databind.JsonNode;

/**
 * Starts one run of a schedule unless it exists. Activities run at least once; with the run's
 * deterministic id, a second attempt finds the run and starts nothing, so each due time starts
 * exactly one instance.
 */
final class StartRun implements ActivityFunction<StartRequest, StartRequest.Outcome> {

	/** What follows {@code <schedule id>-} in the id of a run: a due time or a trigger time. */
	private static final Pattern RUN_SUFFIX = Pattern.compile("t?[0-9]+");

	private final Supplier<WorkflowClient> client;

	private final DataConverter converter;

	StartRun(Supplier<WorkflowClient> client, DataConverter converter) {
		this.client = client;
		this.converter = converter;
	}

	@Override
	public StartRequest.Outcome run(ActivityContext ctx, StartRequest request) {
		WorkflowClient c = this.client.get();
		if (c.getInstanceState(request.instanceId(), false) != null) {
			return StartRequest.Outcome.EXISTS;
		}
		if (request.overlap() != ScheduleOverlapPolicy.ALLOW && hasUnfinishedRun(c, request.scheduleId())) {
			return StartRequest.Outcome.BUSY;
		}
		// the stored JSON goes through the converter as a tree, so it is written back as it was
		Object input = request.inputJson() == null ? null
				: this.converter.deserialize(request.inputJson(), JsonNode.class);
		c.scheduleNewWorkflow(request.workflowName(), new NewWorkflowOptions().setInstanceId(request.instanceId())
			.setInput(input)
			.setReusePolicy(NewWorkflowOptions.ReusePolicy.IGNORE));
		return StartRequest.Outcome.STARTED;
	}

	/**
	 * Whether any run of the schedule has not finished. Asked of the store rather than of the
	 * schedule's state: a turn that was retried after its activity had already started a run may
	 * not know that run, and the store does.
	 */
	private static boolean hasUnfinishedRun(WorkflowClient c, String scheduleId) {
		String prefix = scheduleId + "-";
		List<WorkflowRuntimeStatus> unfinished = new ArrayList<>();
		for (WorkflowRuntimeStatus s : WorkflowRuntimeStatus.values()) {
			if (!s.isTerminal()) {
				unfinished.add(s);
			}
		}
		String token = null;
		do {
			WorkflowQueryResult page = c.listInstances(new WorkflowQuery().setInstanceIdPrefix(prefix)
				.setRuntimeStatusList(unfinished)
				.setPageSize(100)
				.setContinuationToken(token));
			for (WorkflowInstanceStatus run : page.getWorkflowInstances()) {
				// another schedule's id may start with this one's: its runs do not count
				if (RUN_SUFFIX.matcher(run.getInstanceId().substring(prefix.length())).matches()) {
					return true;
				}
			}
			token = page.getContinuationToken();
		}
		while (token != null);
		return false;
	}

}
