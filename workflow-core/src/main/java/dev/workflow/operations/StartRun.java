package dev.workflow.operations;

import java.util.function.Supplier;

import dev.workflow.ActivityContext;
import dev.workflow.ActivityFunction;
import dev.workflow.DataConverter;
import dev.workflow.NewWorkflowOptions;
import dev.workflow.ScheduleOverlapPolicy;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import tools.jackson.databind.JsonNode;

/**
 * Starts one run of a schedule unless it exists. Activities run at least once; with the run's
 * deterministic id, a second attempt finds the run and starts nothing, so each due time starts
 * exactly one instance.
 */
final class StartRun implements ActivityFunction<StartRequest, StartRequest.Outcome> {

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
		if (request.overlap() != ScheduleOverlapPolicy.ALLOW && request.previousRunId() != null) {
			WorkflowInstanceStatus previous = c.getInstanceState(request.previousRunId(), false);
			if (previous != null && !previous.getRuntimeStatus().isTerminal()) {
				return StartRequest.Outcome.BUSY;
			}
		}
		// the stored JSON goes through the converter as a tree, so it is written back as it was
		Object input = request.inputJson() == null ? null
				: this.converter.deserialize(request.inputJson(), JsonNode.class);
		c.scheduleNewWorkflow(request.workflowName(), new NewWorkflowOptions().setInstanceId(request.instanceId())
			.setInput(input)
			.setReusePolicy(NewWorkflowOptions.ReusePolicy.IGNORE));
		return StartRequest.Outcome.STARTED;
	}

}
