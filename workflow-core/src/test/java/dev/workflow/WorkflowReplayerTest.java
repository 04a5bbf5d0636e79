package dev.workflow;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.workflow.history.HistoryEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Records a real history, exports it as JSON, and replays it against unchanged and changed code.
 */
class WorkflowReplayerTest {

	private static String v1(WorkflowContext ctx, String in) {
		String a = ctx.callActivity("reserve", in, String.class).await();
		ctx.createTimer(Duration.ofMillis(10)).await();
		return a + ctx.callActivity("charge", in, String.class).await();
	}

	private static String v2SwapsSteps(WorkflowContext ctx, String in) {
		String a = ctx.callActivity("charge", in, String.class).await();
		ctx.createTimer(Duration.ofMillis(10)).await();
		return a + ctx.callActivity("reserve", in, String.class).await();
	}

	private static String v3AddsAStepAtTheEnd(WorkflowContext ctx, String in) {
		String r = v1(ctx, in);
		ctx.callActivity("notify", in, String.class).await();
		return r;
	}

	private static String v4ChangesOnlyLogging(WorkflowContext ctx, String in) {
		ctx.getLogger().info("replaying {}", in);
		return v1(ctx, in);
	}

	private List<HistoryEvent> record() throws Exception {
		try (WorkflowRuntime runtime = WorkflowRuntime.builder()
			.registerWorkflow("order", WorkflowReplayerTest::v1, String.class)
			.registerActivity("reserve", (ctx, in) -> "R", String.class)
			.registerActivity("charge", (ctx, in) -> "C", String.class)
			.build()) {
			runtime.start();
			String id = runtime.client().scheduleNewWorkflow("order", "x");
			assertThat(runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(10), true).readOutputAs(String.class))
				.isEqualTo("RC");
			return WorkflowReplayer.fromJson(WorkflowReplayer.toJson(runtime.client().getInstanceHistory(id)));
		}
	}

	@Test
	void unchangedCodeReplaysToTheRecordedEnd() throws Exception {
		List<HistoryEvent> history = record();
		assertThat(WorkflowReplayer.create().registerWorkflow("order", WorkflowReplayerTest::v1, String.class).replay(history))
			.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(WorkflowReplayer.create()
			.registerWorkflow("order", WorkflowReplayerTest::v4ChangesOnlyLogging, String.class)
			.replay(history)).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
	}

	@Test
	void reorderedStepsAreReportedAtTheFirstMismatch() throws Exception {
		List<HistoryEvent> history = record();
		assertThatThrownBy(() -> WorkflowReplayer.create()
			.registerWorkflow("order", WorkflowReplayerTest::v2SwapsSteps, String.class)
			.replay(history)).isInstanceOf(NonDeterminismException.class)
			.hasMessageContaining("TaskScheduled #0 (activity 'reserve')")
			.hasMessageContaining("activity 'charge'");
	}

	@Test
	void anExtraStepAfterTheRecordedEndIsReported() throws Exception {
		List<HistoryEvent> history = record();
		assertThatThrownBy(() -> WorkflowReplayer.create()
			.registerWorkflow("order", WorkflowReplayerTest::v3AddsAStepAtTheEnd, String.class)
			.replay(history)).isInstanceOf(NonDeterminismException.class)
			.hasMessageContaining("activity 'notify'");
	}

	@Test
	void unknownWorkflowIsNamed() throws Exception {
		List<HistoryEvent> history = record();
		assertThatThrownBy(() -> WorkflowReplayer.create().replay(history)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'order'");
	}

}
