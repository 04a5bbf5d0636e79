package dev.workflow.backend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.workflow.TraceContext;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trace propagation on every backend (issue 17): the trace context a listener supplies when a
 * client schedules an instance or raises an event is stored with it, and the turns and activity
 * calls that follow (children and later runs included) are handed that context, also by a new
 * runtime on the same storage; histories without it read as before.
 */
public interface TracePropagationContract extends BackendUnderTest {

	/** Supplies a settable trace context and records what turns and activities were handed. */
	final class RecordingTracer implements WorkflowExecutionListener {

		volatile TraceContext current;

		final List<TraceContext> turns = new CopyOnWriteArrayList<>();

		final Map<String, TraceContext> activities = new ConcurrentHashMap<>();

		final Map<String, String> activityParents = new ConcurrentHashMap<>();

		@Override
		public TraceContext currentTraceContext() {
			return this.current;
		}

		@Override
		public Completion workflowTurnStarted(String instanceId, TraceContext traceContext) {
			if (traceContext != null) {
				this.turns.add(traceContext);
			}
			return Completion.NONE;
		}

		@Override
		public Completion activityStarted(String activityName, String instanceId, TraceContext traceContext) {
			if (traceContext != null) {
				this.activities.put(activityName + "@" + instanceId, traceContext);
			}
			return Completion.NONE;
		}

	}

	private static TraceContext trace(String spanHex) {
		return new TraceContext("00-" + UUID.randomUUID().toString().replace("-", "") + "-" + spanHex + "-01",
				"vendor=x");
	}

	private static void register(WorkflowRuntime.Builder b, RecordingTracer tracer) {
		// activities through the activity workers, so the stored calls (rows, actor state) carry the context
		b.listener(tracer)
			.inlineActivities(false)
			.registerWorkflow("traced", (ctx, in) -> {
				String a = ctx.callActivity("traced-act", in, String.class).await();
				String child = ctx.callChildWorkflow("traced-child", in, String.class).await();
				String event = ctx.waitForExternalEvent("go", String.class).await();
				String after = ctx.callActivity("traced-after", event, String.class).await();
				return a + child + after;
			}, String.class)
			.registerWorkflow("traced-child", (ctx, in) -> ctx.callActivity("traced-kid", in, String.class).await(),
					String.class)
			.registerActivity("traced-act", (ctx, in) -> {
				tracer.activityParents.put("traced-act", ctx.getTraceParent());
				return "a";
			}, String.class)
			.registerActivity("traced-kid", (ctx, in) -> "k", String.class)
			.registerActivity("traced-after", (ctx, in) -> {
				tracer.activityParents.put("traced-after", ctx.getTraceParent());
				return "z";
			}, String.class);
	}

	@Test
	default void traceContextOfTheSchedulerReachesTurnsActivitiesChildrenAndARestartedRuntime() throws Exception {
		String id = "trace-" + UUID.randomUUID();
		TraceContext scheduler = trace("00f067aa0ba902b7");
		TraceContext raiser = trace("1111111111111111");
		// the same backend object stopped and started again: what a process restart leaves is what
		// the store kept (sqlite :memory: keeps nothing, so there the first runtime goes on)
		boolean restart = !(this instanceof VersioningContract v) || v.keepsDataAcrossRestart();
		WorkflowBackend backend = createBackend("tracectx", Map.of());
		RecordingTracer first = new RecordingTracer();
		RecordingTracer second = restart ? new RecordingTracer() : first;
		WorkflowRuntime runtime = startOn(backend, b -> register(b, first));
		try {
			first.current = scheduler;
			runtime.client().scheduleNewWorkflow("traced", "in", id);
			first.current = null;
			// the instance waits for "go" once its child finished
			waitForEventWait(runtime, id);
			assertThat(first.turns).isNotEmpty().allMatch(scheduler::equals);
			assertThat(first.activities.get("traced-act@" + id)).isEqualTo(scheduler);
			assertThat(first.activityParents.get("traced-act")).isEqualTo(scheduler.traceParent());
			assertThat(first.activities.values()).allMatch(scheduler::equals);
			assertThat(first.activities.keySet()).anyMatch(k -> k.startsWith("traced-kid@"));
			if (restart) {
				runtime.close();
				runtime = startOn(backend, b -> register(b, second));
			}
			second.current = raiser;
			runtime.client().raiseEvent(id, "go", "e");
			second.current = null;
			assertThat(runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(20), true)
				.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			List<HistoryEvent> history = runtime.client().getInstanceHistory(id);
			ExecutionStarted started = history.stream().filter(ExecutionStarted.class::isInstance)
				.map(ExecutionStarted.class::cast).findFirst().orElseThrow();
			assertThat(started.traceParent()).isEqualTo(scheduler.traceParent());
			assertThat(started.traceState()).isEqualTo("vendor=x");
			EventRaised go = history.stream().filter(EventRaised.class::isInstance).map(EventRaised.class::cast)
				.filter(e -> e.name().equals("go")).findFirst().orElseThrow();
			assertThat(go.traceParent()).isEqualTo(raiser.traceParent());
		}
		finally {
			runtime.close();
		}
		// the turn that handled the event, and the activity it scheduled, continue the raiser's trace
		assertThat(second.turns).contains(raiser);
		assertThat(second.activities.get("traced-after@" + id)).isEqualTo(raiser);
		assertThat(second.activityParents.get("traced-after")).isEqualTo(raiser.traceParent());
	}

	private static WorkflowRuntime startOn(WorkflowBackend backend, java.util.function.Consumer<WorkflowRuntime.Builder> setup) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder().backend(backend);
		setup.accept(builder);
		WorkflowRuntime runtime = builder.build();
		runtime.start();
		return runtime;
	}

	private static void waitForEventWait(WorkflowRuntime runtime, String id) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			boolean childDone = runtime.client().getInstanceHistory(id).stream()
				.anyMatch(e -> e instanceof dev.workflow.history.ChildWorkflowCompleted);
			if (childDone) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("Instance " + id + " did not reach its event wait in 20 s");
	}

	@Test
	default void withoutATraceContextNothingIsStoredAndActivitiesDeriveTheirParent() throws Exception {
		String id = "untraced-" + UUID.randomUUID();
		RecordingTracer tracer = new RecordingTracer();
		Map<String, String> parents = new ConcurrentHashMap<>();
		try (WorkflowRuntime runtime = startRuntime("tracenone", b -> b.listener(tracer)
			.registerWorkflow("plain", (ctx, in) -> ctx.callActivity("plain-act", in, String.class).await(),
					String.class)
			.registerActivity("plain-act", (ctx, in) -> {
				parents.put("p", ctx.getTraceParent());
				return "ok";
			}, String.class))) {
			runtime.client().scheduleNewWorkflow("plain", "x", id);
			assertThat(runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(20), true)
				.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			ExecutionStarted started = (ExecutionStarted) runtime.client().getInstanceHistory(id).stream()
				.filter(ExecutionStarted.class::isInstance).findFirst().orElseThrow();
			assertThat(started.traceParent()).isNull();
			assertThat(BackendJson.write(started)).doesNotContain("traceParent").doesNotContain("traceState");
		}
		assertThat(tracer.turns).isEmpty();
		assertThat(tracer.activities).isEmpty();
		// the derived parent: a valid W3C traceparent, stable per call
		assertThat(parents.get("p")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
	}

}
