package dev.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.TestWorkflows;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TaskScheduled;
import dev.workflow.history.TimerFired;

/**
 * Inline activities: a turn runs the fast activities it scheduled on its own worker and commits
 * once; slow activities, timers and the switch turn it back to the activity workers.
 */
class InlineActivitiesTest {

	private final List<String> activityThreads = new CopyOnWriteArrayList<>();

	private final AtomicInteger turns = new AtomicInteger();

	private WorkflowRuntime runtime(boolean inline) {
		return WorkflowRuntime.builder()
			.backend(WorkflowBackends.create("actors", new BackendConfiguration(Map.of("state-store", "memory")),
					BackendContext.EMPTY))
			.inlineActivities(inline)
			.listener(new WorkflowExecutionListener() {
				@Override
				public Completion workflowTurnStarted(String instanceId) {
					InlineActivitiesTest.this.turns.incrementAndGet();
					return Completion.NONE;
				}
			})
			.registerWorkflow("seq3", TestWorkflows::seq3, Integer.class)
			.registerWorkflow("slowTwice", (ctx, n) -> {
				int v = ctx.callActivity("slow", n, Integer.class).await();
				return ctx.callActivity("slow", v, Integer.class).await();
			}, Integer.class)
			.registerWorkflow("timerBetween", (ctx, n) -> {
				int v = ctx.callActivity("inc", n, Integer.class).await();
				ctx.createTimer(Duration.ofMillis(100)).await();
				return ctx.callActivity("inc", v, Integer.class).await();
			}, Integer.class)
			.registerActivity("inc", (ctx, n) -> {
				this.activityThreads.add(Thread.currentThread().getName());
				return n + 1;
			}, Integer.class)
			.registerActivity("slow", (ctx, n) -> {
				this.activityThreads.add(Thread.currentThread().getName());
				Thread.sleep(WorkflowWorker.SLOW_ACTIVITY_MILLIS + 30);
				return n + 1;
			}, Integer.class)
			.build();
	}

	/**
	 * Runs one workflow first, so that the first inline activity's class loading and JIT on a
	 * loaded machine do not overrun the inline budget in the measured run; then resets the counts.
	 */
	private void warmUp(WorkflowRuntime rt) throws Exception {
		rt.client().scheduleNewWorkflow("seq3", 1, "warm-up");
		rt.client().waitForInstanceCompletion("warm-up", Duration.ofSeconds(10), false);
		this.turns.set(0);
		this.activityThreads.clear();
	}

	@Test
	void aSequenceOfFastActivitiesCommitsAsOneTurn() throws Exception {
		try (WorkflowRuntime rt = runtime(true)) {
			rt.start();
			warmUp(rt);
			rt.client().scheduleNewWorkflow("seq3", 1, "inline-1");
			WorkflowInstanceStatus s = rt.client().waitForInstanceCompletion("inline-1", Duration.ofSeconds(10), true);
			assertThat(s.readOutputAs(Integer.class)).isEqualTo(4);
			assertThat(this.turns.get()).as("one committed turn").isEqualTo(1);
			assertThat(this.activityThreads).hasSize(3).allMatch(t -> t.startsWith("workflow-worker-"));
			List<HistoryEvent> h = rt.client().getInstanceHistory("inline-1");
			assertThat(h.stream().filter(TaskScheduled.class::isInstance).map(e -> ((TaskScheduled) e).eventId()))
				.containsExactly(0, 1, 2);
			assertThat(h.stream().filter(TaskCompleted.class::isInstance).map(e -> ((TaskCompleted) e).taskScheduledId()))
				.containsExactly(0, 1, 2);
		}
	}

	@Test
	void switchedOffEveryActivityRunsOnTheActivityWorkers() throws Exception {
		try (WorkflowRuntime rt = runtime(false)) {
			rt.start();
			rt.client().scheduleNewWorkflow("seq3", 1, "queued-1");
			assertThat(rt.client()
				.waitForInstanceCompletion("queued-1", Duration.ofSeconds(10), true)
				.readOutputAs(Integer.class)).isEqualTo(4);
			assertThat(this.turns.get()).isEqualTo(4);
			assertThat(this.activityThreads).hasSize(3).allMatch(t -> t.startsWith("workflow-activity-"));
		}
	}

	@Test
	void anActivitySeenToBeSlowGoesToTheActivityWorkersFromThenOn() throws Exception {
		try (WorkflowRuntime rt = runtime(true)) {
			rt.start();
			warmUp(rt);
			rt.client().scheduleNewWorkflow("slowTwice", 1, "slow-1");
			assertThat(rt.client()
				.waitForInstanceCompletion("slow-1", Duration.ofSeconds(10), true)
				.readOutputAs(Integer.class)).isEqualTo(3);
			assertThat(this.activityThreads).hasSize(2);
			assertThat(this.activityThreads.get(0)).startsWith("workflow-worker-");
			assertThat(this.activityThreads.get(1)).startsWith("workflow-activity-");
		}
	}

	@Test
	void aTimerEndsTheInlineRunAndTheTurnAfterItInlinesAgain() throws Exception {
		try (WorkflowRuntime rt = runtime(true)) {
			rt.start();
			warmUp(rt);
			rt.client().scheduleNewWorkflow("timerBetween", 1, "timer-1");
			assertThat(rt.client()
				.waitForInstanceCompletion("timer-1", Duration.ofSeconds(10), true)
				.readOutputAs(Integer.class)).isEqualTo(3);
			assertThat(this.turns.get()).as("before the timer, and after it").isEqualTo(2);
			assertThat(this.activityThreads).allMatch(t -> t.startsWith("workflow-worker-"));
			assertThat(rt.client().getInstanceHistory("timer-1").stream().filter(TimerFired.class::isInstance))
				.hasSize(1);
		}
	}

}
