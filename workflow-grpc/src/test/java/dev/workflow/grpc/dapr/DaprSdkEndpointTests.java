package dev.workflow.grpc.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.dapr.config.Properties;
import io.dapr.workflows.client.DaprWorkflowClient;
import io.dapr.workflows.client.WorkflowInstanceStatus;
import io.dapr.workflows.client.WorkflowRuntimeStatus;
import io.dapr.workflows.runtime.WorkflowRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.workflow.grpc.EndpointFixture;
import dev.workflow.grpc.EndpointSettings;

/**
 * The real Dapr Java SDK (io.dapr:dapr-sdk-workflows 1.16.0: its DaprWorkflowClient and its worker)
 * against our endpoint, on a real backend: one endpoint and one SDK worker per class, unique
 * instance ids per test. Subclasses say which backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DaprSdkEndpointTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	EndpointFixture fixture;

	WorkflowRuntime sdkWorker;

	/** The SDK worker's threads, ours so that closing does not wait a minute for them. */
	java.util.concurrent.ExecutorService sdkThreads;

	DaprWorkflowClient client;

	/** The backend type. */
	abstract String backendType();

	/** The backend settings. */
	abstract Map<String, ?> backendConfiguration();

	@BeforeAll
	void startEndpointAndSdkWorker() {
		this.fixture = EndpointFixture.start(backendType(), backendConfiguration(), b -> {
		}, EndpointSettings.onPort(0), parts -> new DaprSidecarService(parts.operations(), parts.hub()));
		Properties properties = sdkProperties(this.fixture.port(), null);
		this.sdkThreads = java.util.concurrent.Executors.newCachedThreadPool();
		this.sdkWorker = DaprSdkWorkflows.newWorker(properties, this.sdkThreads);
		this.sdkWorker.start(false);
		this.client = new DaprWorkflowClient(properties);
	}

	@AfterAll
	void stopAll() throws Exception {
		if (this.client != null) {
			this.client.close();
		}
		if (this.fixture != null) {
			this.fixture.close();
		}
		if (this.sdkWorker != null) {
			this.sdkWorker.close();
		}
		if (this.sdkThreads != null) {
			this.sdkThreads.shutdownNow();
		}
	}

	static Properties sdkProperties(int port, String apiToken) {
		Map<String, String> values = new java.util.HashMap<>();
		values.put("dapr.grpc.port", String.valueOf(port));
		values.put("dapr.sidecar.ip", "127.0.0.1");
		if (apiToken != null) {
			values.put("dapr.api.token", apiToken);
		}
		return new Properties(values);
	}

	static String id(String what) {
		return what + "-" + UUID.randomUUID();
	}

	WorkflowInstanceStatus complete(String id) throws Exception {
		WorkflowInstanceStatus s = this.client.waitForInstanceCompletion(id, WAIT, true);
		assertThat(s).isNotNull();
		return s;
	}

	@Test
	void chainOfActivities() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.Chain.class, "abc", id("chain"));
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("CBA!");
		assertThat(s.readInputAs(String.class)).isEqualTo("abc");
		assertThat(s.getName()).isEqualTo(DaprSdkWorkflows.Chain.class.getCanonicalName());
	}

	@Test
	void fanOutFanIn() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.FanOut.class, 6, id("fan"));
		assertThat(complete(id).readOutputAs(Integer.class)).isEqualTo(1 + 4 + 9 + 16 + 25 + 36);
	}

	@Test
	void durableTimer() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.Timer.class, null, id("timer"));
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("timer fired");
	}

	@Test
	void eventRaisedBeforeTheWorkflowWaits() throws Exception {
		String id = id("early");
		this.client.scheduleNewWorkflow(DaprSdkWorkflows.AwaitEvent.class, null, id);
		this.client.raiseEvent(id, "go", "early bird");
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("got early bird");
	}

	@Test
	void eventRaisedAfterTheWorkflowWaits() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.AwaitEvent.class, null, id("late"));
		this.client.waitForInstanceStart(id, WAIT, false);
		// the first turn (which starts the wait) has been committed once its history holds the start
		await().atMost(WAIT).until(() -> this.fixture.runtime().backend().getHistory(id).size() > 1);
		this.client.raiseEvent(id, "go", "later");
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("got later");
	}

	@Test
	void eventWaitTimesOut() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.EventTimeout.class, null, id("timeout"));
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("timed out");
	}

	@Test
	void childWorkflow() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.Parent.class, "kid", id("parent"));
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("parent(KID)");
		WorkflowInstanceStatus child = this.client.getInstanceState(id + "-child", true);
		assertThat(child.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
	}

	@Test
	void continueAsNew() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.Counter.class, 0, id("counter"));
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(Integer.class)).isEqualTo(3);
	}

	@Test
	void failedActivityIsCaught() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.CatchFailure.class, null, id("catch"));
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("caught boom from the activity");
	}

	@Test
	void retriedActivitySucceeds() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.Retry.class, null, id("retry"));
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("ok after 3");
		assertThat(DaprSdkWorkflows.FLAKY_ATTEMPTS.get(id).get()).isEqualTo(3);
	}

	@Test
	void customStatusIsStored() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.Status.class, null, id("status"));
		await().atMost(WAIT).until(() -> {
			dev.workflow.WorkflowInstanceStatus s = this.fixture.runtime().client().getInstanceState(id, true);
			return s != null && "waiting for go".equals(s.readCustomStatusAs(String.class));
		});
		this.client.raiseEvent(id, "go", "went");
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("went");
	}

	@Test
	void suspendAndResume() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.AwaitEvent.class, null, id("suspend"));
		this.client.waitForInstanceStart(id, WAIT, false);
		this.client.suspendWorkflow(id, "hold on");
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
		this.client.raiseEvent(id, "go", "while suspended");
		// the event waits while suspended: still SUSPENDED after the worker had time to see it
		Thread.sleep(500);
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
		this.client.resumeWorkflow(id, "go on");
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("got while suspended");
	}

	@Test
	void terminate() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.AwaitEvent.class, null, id("terminate"));
		this.client.waitForInstanceStart(id, WAIT, false);
		this.client.terminateWorkflow(id, "stopped");
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("stopped");
	}

	@Test
	void purge() throws Exception {
		String id = this.client.scheduleNewWorkflow(DaprSdkWorkflows.Chain.class, "purge me", id("purge"));
		complete(id);
		assertThat(this.client.purgeInstance(id)).isTrue();
		assertThat(this.fixture.runtime().client().getInstanceState(id, false)).isNull();
		// the SDK reports a missing instance as a status without an id
		assertThat(this.client.getInstanceState(id, false).getInstanceId()).isEmpty();
		assertThat(this.client.purgeInstance(id)).isFalse();
	}

}
