package dev.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;

/**
 * An activity seen to be slow once is kept off the inline path only for a short first pause: a
 * fast activity whose one call waited for a core (or loaded its classes) inlines again soon, while
 * one that stays slow stays off for longer each time.
 */
class InlineSlowPauseTest {

	private final List<String> threads = new CopyOnWriteArrayList<>();

	private final AtomicInteger slowCallsLeft = new AtomicInteger();

	private WorkflowRuntime runtime() {
		return WorkflowRuntime.builder()
			.backend(WorkflowBackends.create("actors", new BackendConfiguration(Map.of("state-store", "memory")),
					BackendContext.EMPTY))
			.registerWorkflow("once", (ctx, n) -> ctx.callActivity("hiccup", n, Integer.class).await(), Integer.class)
			.registerActivity("hiccup", (ctx, n) -> {
				this.threads.add(Thread.currentThread().getName());
				if (this.slowCallsLeft.getAndDecrement() > 0) {
					Thread.sleep(WorkflowWorker.SLOW_ACTIVITY_MILLIS + 30);
				}
				return n + 1;
			}, Integer.class)
			.build();
	}

	private String runOnce(WorkflowRuntime rt, String id) throws Exception {
		rt.client().scheduleNewWorkflow("once", 1, id);
		assertThat(rt.client().waitForInstanceCompletion(id, Duration.ofSeconds(10), true).readOutputAs(Integer.class))
			.isEqualTo(2);
		return this.threads.get(this.threads.size() - 1);
	}

	@Test
	void aFastActivitySeenSlowOnceInlinesAgainAfterTheFirstPause() throws Exception {
		try (WorkflowRuntime rt = runtime()) {
			rt.start();
			this.slowCallsLeft.set(1);
			assertThat(runOnce(rt, "pause-slow")).startsWith("workflow-worker-");
			assertThat(runOnce(rt, "pause-during")).as("within the first pause").startsWith("workflow-activity-");
			Thread.sleep(1_200);
			assertThat(runOnce(rt, "pause-after")).as("after the first pause of 1 s").startsWith("workflow-worker-");
		}
	}

	@Test
	void anActivitySlowAgainAfterItsPauseStaysOffLonger() throws Exception {
		try (WorkflowRuntime rt = runtime()) {
			rt.start();
			this.slowCallsLeft.set(2);
			assertThat(runOnce(rt, "twice-1")).startsWith("workflow-worker-");
			Thread.sleep(1_200);
			assertThat(runOnce(rt, "twice-2")).as("tried inline after the first pause").startsWith("workflow-worker-");
			Thread.sleep(1_200);
			assertThat(runOnce(rt, "twice-3")).as("the second pause is 2 s").startsWith("workflow-activity-");
		}
	}

}
