package dev.workflow.backend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowDefinitionException;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowReplayer;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ExecutionStalled;
import dev.workflow.history.HistoryEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract tests for workflow versioning: patches (isPatched) and named versions with one latest. Implemented by {@link WorkflowBackendContractTest}, so they run on
 * every backend. Each test runs two or three runtimes one after the other on one storage, with
 * the code changed between them, as a deployment does.
 */
public interface VersioningContract extends BackendUnderTest {

	/** How long a test waits for an instance to get somewhere. */
	Duration VERSION_WAIT = Duration.ofSeconds(30);

	/** Waits for an event, then returns the given text: a run that is RUNNING across a restart. */
	private static WorkflowFunction<String, String> waitsThenReturns(String result) {
		return (ctx, input) -> {
			ctx.waitForExternalEvent("go", String.class).await();
			return result;
		};
	}

	/**
	 * Starts a runtime on a backend that the runtimes of one test share one after the other: each
	 * close stops it and the next start starts it again (what a redeploy does to the storage; a
	 * memory backend keeps its data only this way).
	 */
	private static WorkflowRuntime startOn(WorkflowBackend backend, Consumer<WorkflowRuntime.Builder> setup) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder().backend(backend);
		setup.accept(builder);
		WorkflowRuntime runtime = builder.build();
		runtime.start();
		return runtime;
	}

	/**
	 * Whether the backend keeps its data when it is stopped and started again; the tests that
	 * restart with changed code need it. Only sqlite {@code :memory:} says no: its database lives
	 * in the connection the stop closes.
	 * @return true unless overridden
	 */
	default boolean keepsDataAcrossRestart() {
		return true;
	}

	/**
	 * On a backend that keeps nothing across a restart (sqlite {@code :memory:}), the restart tests
	 * check that instead, as the README documents it: an instance started before the restart is
	 * not found after it. Elsewhere nothing happens.
	 * @return true when the backend lost the data and the calling test has nothing more to check
	 */
	private boolean restartLosesData(WorkflowBackend backend) throws Exception {
		if (keepsDataAcrossRestart()) {
			return false;
		}
		String id;
		try (WorkflowRuntime first = startOn(backend,
				b -> b.registerWorkflow("forgotten", waitsThenReturns("x"), String.class))) {
			id = startWaiting(first.client(), "forgotten");
		}
		try (WorkflowRuntime second = startOn(backend,
				b -> b.registerWorkflow("forgotten", waitsThenReturns("x"), String.class))) {
			assertThat(second.client().getInstanceState(id, false)).isNull();
		}
		return true;
	}

	private static String newId(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	/** Starts an instance and waits until its first turn ran (so it recorded its version). */
	private static String startWaiting(WorkflowClient client, String name) throws Exception {
		String id = client.scheduleNewWorkflow(name, "in", newId(name));
		WorkflowInstanceStatus started = client.waitForInstanceStart(id, VERSION_WAIT, false);
		assertThat(started.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		return id;
	}

	private static String finish(WorkflowClient client, String id) throws Exception {
		client.raiseEvent(id, "go", "now");
		WorkflowInstanceStatus done = client.waitForInstanceCompletion(id, VERSION_WAIT, true);
		assertThat(done.getRuntimeStatus()).as("status of %s", id).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		return done.readOutputAs(String.class);
	}

	@Test
	default void versionsRunningInstanceStaysOnItsVersionAndNewOnesTakeTheLatest() throws Exception {
		WorkflowBackend backend = createBackend("ver_named", Map.of());
		if (restartLosesData(backend)) {
			return;
		}
		String old;
		try (WorkflowRuntime first = startOn(backend,
				b -> b.registerWorkflow("order", "1", false, waitsThenReturns("v1"), String.class))) {
			old = startWaiting(first.client(), "order");
		}
		try (WorkflowRuntime second = startOn(backend,
				b -> b.registerWorkflow("order", "1", false, waitsThenReturns("v1"), String.class)
					.registerWorkflow("order", "2", true, waitsThenReturns("v2"), String.class))) {
			String fresh = startWaiting(second.client(), "order");
			assertThat(finish(second.client(), old)).isEqualTo("v1");
			assertThat(finish(second.client(), fresh)).isEqualTo("v2");
		}
	}

	@Test
	default void versionsInstanceWhoseVersionIsMissingStallsAndGoesOnWhenItIsBack() throws Exception {
		WorkflowBackend backend = createBackend("ver_stall", Map.of());
		if (restartLosesData(backend)) {
			return;
		}
		String old;
		try (WorkflowRuntime first = startOn(backend,
				b -> b.registerWorkflow("stalls", "1", true, waitsThenReturns("v1"), String.class))) {
			old = startWaiting(first.client(), "stalls");
		}
		try (WorkflowRuntime second = startOn(backend,
				b -> b.registerWorkflow("stalls", "2", true, waitsThenReturns("v2"), String.class))) {
			WorkflowClient client = second.client();
			client.raiseEvent(old, "go", "now");
			long deadline = System.nanoTime() + VERSION_WAIT.toNanos();
			while (client.getInstanceState(old, false).getRuntimeStatus() != WorkflowRuntimeStatus.STALLED
					&& System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(client.getInstanceState(old, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.STALLED);
			List<HistoryEvent> history = client.getInstanceHistory(old);
			assertThat(history).filteredOn(ExecutionStalled.class::isInstance)
				.singleElement()
				.satisfies(e -> assertThat(((ExecutionStalled) e).description()).contains("'1'", "stalls"));
			// new instances run on the version this runtime has
			assertThat(finish(client, startWaiting(client, "stalls"))).isEqualTo("v2");
		}
		try (WorkflowRuntime third = startOn(backend,
				b -> b.registerWorkflow("stalls", "1", false, waitsThenReturns("v1"), String.class)
					.registerWorkflow("stalls", "2", true, waitsThenReturns("v2"), String.class))) {
			// the event raised while it stalled was kept: the run ends without another one
			WorkflowInstanceStatus done = third.client().waitForInstanceCompletion(old, VERSION_WAIT, true);
			assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(done.readOutputAs(String.class)).isEqualTo("v1");
		}
	}

	@Test
	default void versionsClientAsksForAnOlderVersionOrOneNotRegistered() throws Exception {
		try (WorkflowRuntime runtime = startRuntime("ver_asked",
				b -> b.registerWorkflow("asked", "1", false, waitsThenReturns("v1"), String.class)
					.registerWorkflow("asked", "2", true, waitsThenReturns("v2"), String.class))) {
			WorkflowClient client = runtime.client();
			String old = client.scheduleNewWorkflow("asked",
					new NewWorkflowOptions().setInput("in").setInstanceId(newId("asked")).setVersion("1"));
			assertThat(finish(client, old)).isEqualTo("v1");
			String missing = client.scheduleNewWorkflow("asked",
					new NewWorkflowOptions().setInput("in").setInstanceId(newId("asked")).setVersion("9"));
			long deadline = System.nanoTime() + VERSION_WAIT.toNanos();
			while (client.getInstanceState(missing, false).getRuntimeStatus() != WorkflowRuntimeStatus.STALLED
					&& System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(client.getInstanceState(missing, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.STALLED);
			assertThatThrownBy(() -> client.scheduleNewWorkflow("asked", new NewWorkflowOptions().setVersion("no way")))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("1 to 64 letters");
		}
	}

	@Test
	default void versionsSeveralWithoutOneLatestFailTheStartNamingThem() {
		assertThatThrownBy(() -> startRuntime("ver_nolatest",
				b -> b.registerWorkflow("twice", "1", false, waitsThenReturns("v1"), String.class)
					.registerWorkflow("twice", "2", false, waitsThenReturns("v2"), String.class)))
			.isInstanceOf(WorkflowDefinitionException.class)
			.hasMessageContaining("twice")
			.hasMessageContaining("'1'")
			.hasMessageContaining("'2'")
			.hasMessageContaining("latest");
	}

	/** The patched code: one patch before the wait (old runs passed it), one after (they did not). */
	private static String patched(WorkflowContext ctx) {
		boolean before = ctx.isPatched("before-wait");
		ctx.waitForExternalEvent("go", String.class).await();
		boolean after = ctx.isPatched("after-wait");
		// asked again: the first answer of the run holds
		return before + "," + after + "," + ctx.isPatched("before-wait");
	}

	@Test
	default void patchIsFalseWhereAnOldRunPassedAndTrueForNewRunsAndNewPoints() throws Exception {
		WorkflowBackend backend = createBackend("ver_patch", Map.of());
		if (restartLosesData(backend)) {
			return;
		}
		String old;
		try (WorkflowRuntime first = startOn(backend,
				b -> b.registerWorkflow("patched", waitsThenReturns("old"), String.class))) {
			old = startWaiting(first.client(), "patched");
		}
		try (WorkflowRuntime second = startOn(backend,
				b -> b.registerWorkflow("patched", (ctx, in) -> patched(ctx), String.class))) {
			String fresh = startWaiting(second.client(), "patched");
			assertThat(finish(second.client(), old)).isEqualTo("false,true,false");
			assertThat(finish(second.client(), fresh)).isEqualTo("true,true,true");
			// the answers are recorded: the replayer gives the same ones from the stored history
			for (String id : List.of(old, fresh)) {
				assertThat(WorkflowReplayer.create()
					.registerWorkflow("patched", (ctx, in) -> patched(ctx), String.class)
					.replay(WorkflowReplayer.fromJson(WorkflowReplayer.toJson(second.client().getInstanceHistory(id)))))
					.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			}
		}
	}

	@Test
	default void patchAppliesToANewRunAndIsRecordedOnceInItsHistory() throws Exception {
		try (WorkflowRuntime runtime = startRuntime("ver_patchnew",
				b -> b.registerWorkflow("patchednew", (ctx, in) -> patched(ctx), String.class))) {
			String id = startWaiting(runtime.client(), "patchednew");
			assertThat(finish(runtime.client(), id)).isEqualTo("true,true,true");
			List<String> recorded = runtime.client()
				.getInstanceHistory(id)
				.stream()
				.filter(dev.workflow.history.WorkflowStarted.class::isInstance)
				.flatMap(e -> ((dev.workflow.history.WorkflowStarted) e).patches().stream())
				.toList();
			assertThat(recorded).containsExactlyInAnyOrder("before-wait", "after-wait");
		}
	}

	@Test
	default void patchWithABlankNameFailsTheRunWithTheRule() throws Exception {
		try (WorkflowRuntime runtime = startRuntime("ver_patchname",
				b -> b.registerWorkflow("badpatch", (ctx, in) -> ctx.isPatched(" "), String.class))) {
			String id = runtime.client().scheduleNewWorkflow("badpatch", "in", newId("badpatch"));
			WorkflowInstanceStatus done = runtime.client().waitForInstanceCompletion(id, VERSION_WAIT, true);
			assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
			assertThat(done.getFailureDetails().getErrorMessage()).contains("patch name", "not blank");
		}
	}

	@Test
	default void replayerReplaysEachHistoryOnItsRecordedVersion() throws Exception {
		WorkflowBackend backend = createBackend("ver_replay", Map.of());
		if (restartLosesData(backend)) {
			return;
		}
		String v1;
		String v2;
		try (WorkflowRuntime runtime = startOn(backend,
				b -> b.registerWorkflow("replayed", "1", true, waitsThenReturns("v1"), String.class))) {
			v1 = startWaiting(runtime.client(), "replayed");
			finish(runtime.client(), v1);
		}
		WorkflowFunction<String, String> v2Code = (ctx, in) -> {
			ctx.createTimer(Duration.ofMillis(1)).await();
			ctx.waitForExternalEvent("go", String.class).await();
			return "v2";
		};
		try (WorkflowRuntime runtime = startOn(backend,
				b -> b.registerWorkflow("replayed", "1", false, waitsThenReturns("v1"), String.class)
					.registerWorkflow("replayed", "2", true, v2Code, String.class))) {
			v2 = startWaiting(runtime.client(), "replayed");
			assertThat(finish(runtime.client(), v2)).isEqualTo("v2");
			WorkflowReplayer both = WorkflowReplayer.create()
				.registerWorkflow("replayed", "1", false, waitsThenReturns("v1"), String.class)
				.registerWorkflow("replayed", "2", true, v2Code, String.class);
			assertThat(both.replay(runtime.client().getInstanceHistory(v1))).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(both.replay(runtime.client().getInstanceHistory(v2))).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			List<HistoryEvent> v1History = runtime.client().getInstanceHistory(v1);
			assertThatThrownBy(() -> WorkflowReplayer.create()
				.registerWorkflow("replayed", "2", true, v2Code, String.class)
				.replay(v1History)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1'");
		}
	}

}
