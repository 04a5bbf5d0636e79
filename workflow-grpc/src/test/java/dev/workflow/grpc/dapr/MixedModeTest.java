package dev.workflow.grpc.dapr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.dapr.config.Properties;
import io.dapr.workflows.client.DaprWorkflowClient;
import io.dapr.workflows.runtime.WorkflowRuntime;
import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.grpc.EndpointFixture;
import dev.workflow.grpc.EndpointSettings;

/**
 * An app that runs its own workflows and serves a remote SDK worker at once: names registered in
 * the app run in the app (never handed to the stream), other names go to the SDK worker, and a
 * local workflow can call an activity the SDK worker hosts.
 */
class MixedModeTest {

	/** Threads the app's own activity ran on. */
	static final Set<String> LOCAL_THREADS = ConcurrentHashMap.newKeySet();

	@Test
	void localNamesRunLocallyAndOtherNamesOnTheSdkWorker() throws Exception {
		try (EndpointFixture fixture = EndpointFixture.start("actors", Map.of(),
				b -> b.registerWorkflow("local-greet", (ctx, name) -> ctx.callActivity("local-hello", name, String.class)
					.await(), String.class)
					.registerWorkflow("local-calls-sdk", (ctx, s) -> ctx.callActivity("upper", s, String.class).await(),
							String.class)
					.registerActivity("local-hello", (ctx, name) -> {
						LOCAL_THREADS.add(Thread.currentThread().getName());
						return "hello " + name;
					}, String.class),
				EndpointSettings.onPort(0), parts -> new DaprSidecarService(parts.operations(), parts.hub()))) {
			Properties properties = DaprSdkEndpointTests.sdkProperties(fixture.port(), null);
			ExecutorService threads = Executors.newCachedThreadPool();
			WorkflowRuntime sdk = DaprSdkWorkflows.newWorker(properties, threads);
			try (DaprWorkflowClient daprClient = new DaprWorkflowClient(properties)) {
				sdk.start(false);
				WorkflowClient client = fixture.runtime().client();
				String local = client.scheduleNewWorkflow("local-greet", "ada", "mixed-local-" + UUID.randomUUID());
				String bridged = client.scheduleNewWorkflow("local-calls-sdk", "abc", "mixed-bridge-" + UUID.randomUUID());
				String remote = daprClient.scheduleNewWorkflow(DaprSdkWorkflows.Chain.class, "xyz",
						"mixed-remote-" + UUID.randomUUID());

				var localDone = client.waitForInstanceCompletion(local, Duration.ofSeconds(30), true);
				assertThat(localDone.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				assertThat(localDone.readOutputAs(String.class)).isEqualTo("hello ada");
				assertThat(LOCAL_THREADS).isNotEmpty().noneMatch(t -> t.contains("dapr") || t.startsWith("pool-"));

				var bridgedDone = client.waitForInstanceCompletion(bridged, Duration.ofSeconds(30), true);
				assertThat(bridgedDone.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				assertThat(bridgedDone.readOutputAs(String.class)).isEqualTo("ABC");

				assertThat(daprClient.waitForInstanceCompletion(remote, Duration.ofSeconds(30), true)
					.readOutputAs(String.class)).isEqualTo("ZYX!");
			}
			finally {
				fixture.endpoint().stop();
				sdk.close();
				threads.shutdownNow();
			}
		}
	}

}
