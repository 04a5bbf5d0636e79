package dev.workflow.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.TaskCompleted;

/**
 * Contract tests for work shared between an app's own workers and workers outside it (the SDK
 * workers of the gRPC endpoint): after {@link WorkflowRuntime#shareWork()} the runtime's workers
 * take only the names registered with it, and claims with the capabilities it returns take exactly
 * the other names. Implemented by {@link WorkflowBackendContractTest}, so they run on every backend.
 */
public interface SharedWorkContract extends BackendUnderTest {

	/** A runtime that shares its work before it starts, as the gRPC endpoint has it do. */
	private WorkflowRuntime sharedRuntime(String storage, java.util.function.Consumer<WorkflowRuntime.Builder> setup) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder().backend(createBackend(storage, java.util.Map.of()));
		setup.accept(builder);
		WorkflowRuntime runtime = builder.build();
		runtime.shareWork();
		runtime.start();
		return runtime;
	}

	@Test
	default void sharedRuntimeRunsItsOwnNamesAndLeavesTheOthersToOutsideWorkers() throws Exception {
		try (WorkflowRuntime runtime = sharedRuntime("shared_work", b -> b
			.registerWorkflow("local-calls-remote", (ctx, in) -> ctx.callActivity("remote-act", in, String.class).await()
					+ "+" + ctx.callActivity("local-act", in, String.class).await(), String.class)
			.registerActivity("local-act", (ctx, in) -> "local:" + in, String.class))) {
			WorkerCapabilities outside = runtime.shareWork();
			assertThat(outside.scope()).isEqualTo(WorkerCapabilities.Scope.UNREGISTERED);
			// the names this runtime runs itself: the registered one and the runtime's own (schedules, retention)
			assertThat(outside.workflowNames()).contains("local-calls-remote").doesNotContain("remote-wf")
				.allMatch(name -> name.equals("local-calls-remote") || name.startsWith("dapr.workflow."));
			String remoteId = "shared-remote-" + UUID.randomUUID();
			String localId = "shared-local-" + UUID.randomUUID();
			runtime.client().scheduleNewWorkflow("remote-wf", "x", remoteId);
			runtime.client().scheduleNewWorkflow("local-calls-remote", "y", localId);

			// the activity the local workflow calls is not registered here: only an outside worker takes it
			ActivityWorkItem call = runtime.backend().nextActivityWorkItem(Duration.ofSeconds(10), outside);
			assertThat(call).isNotNull();
			assertThat(call.request().name()).isEqualTo("remote-act");
			runtime.backend().completeActivityWorkItem(call,
					new TaskCompleted(Instant.now(), call.request().taskId(), "\"remote:y\""));
			WorkflowInstanceStatus local = runtime.client()
				.waitForInstanceCompletion(localId, Duration.ofSeconds(20), true);
			assertThat(local.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(local.readOutputAs(String.class)).isEqualTo("remote:y+local:y");

			// the unregistered workflow was left alone (not failed as unknown) and goes to an outside claim
			assertThat(runtime.client().getInstanceState(remoteId, false).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.PENDING);
			WorkflowWorkItem item = runtime.backend().nextWorkflowWorkItem(Duration.ofSeconds(10), outside);
			assertThat(item).isNotNull();
			assertThat(item.instanceId()).isEqualTo(remoteId);
			runtime.backend().abandonWorkflowWorkItem(item, Duration.ZERO);
		}
	}

	@Test
	default void outsideClaimsNeverTakeNamesRegisteredInTheRuntime() throws Exception {
		try (WorkflowRuntime runtime = sharedRuntime("shared_own", b -> b.registerWorkflow("own",
				(ctx, in) -> ctx.waitForExternalEvent("go", String.class).await(), String.class))) {
			WorkerCapabilities outside = runtime.shareWork();
			String id = "shared-own-" + UUID.randomUUID();
			runtime.client().scheduleNewWorkflow("own", "x", id);
			runtime.client().waitForInstanceStart(id, Duration.ofSeconds(20), false);
			runtime.client().raiseEvent(id, "go", "done");
			assertThat(runtime.backend().nextWorkflowWorkItem(Duration.ofMillis(300), outside)).isNull();
			assertThat(runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(20), true)
				.readOutputAs(String.class)).isEqualTo("done");
		}
	}

}
