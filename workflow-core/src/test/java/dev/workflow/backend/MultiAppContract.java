package dev.workflow.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.workflow.TaskOptions;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskFailed;
import dev.workflow.history.TaskScheduled;

/**
 * Contract tests for multi-app workflows: apps sharing one backend, calls routed by app id, workers
 * claiming only work they can run. Implemented by {@link WorkflowBackendContractTest}, so they run on
 * every backend.
 *
 * <p>Two apps, "orders" and "billing", share one storage: the "order" workflow of orders calls the
 * activity "charge" and the child workflow "invoice", both hosted by billing (orders has a workflow
 * of that name too, which must not run the child), the child continuing as new once. Each app has
 * a backend of its own on the shared storage (on the actors backend with a jdbc state store: two
 * replicas, each hosting only its app's actors besides those of work without an app id); where two
 * backends on one storage do not see each other's data (in-memory stores), the two apps share one
 * backend object in this process instead.
 */
public interface MultiAppContract extends BackendUnderTest {

	/** The calls the billing app ran, by instance id, to check each ran there and only there. */
	Map<String, String> BILLING_RAN = new ConcurrentHashMap<>();

	@Test
	default void callsToAnotherAppRunThereAndComplete() throws Exception {
		try (WorkflowRuntime orders = startApp("apps_route", "orders", null, null, MultiAppContract::ordersApp)) {
			String id = "apps-route-" + UUID.randomUUID();
			orders.client().scheduleNewWorkflow("order", 42, id);
			try (WorkflowRuntime billing = startApp("apps_route", "billing", orders, id,
					MultiAppContract::billingApp)) {
				assertOrderCompleted(orders.client(), id);
			}
		}
	}

	@Test
	default void callToAnAppThatIsNotRunningWaitsUntilItStarts() throws Exception {
		try (WorkflowRuntime orders = startApp("apps_wait", "orders", null, null, MultiAppContract::ordersApp)) {
			String id = "apps-wait-" + UUID.randomUUID();
			WorkflowClient client = orders.client();
			client.scheduleNewWorkflow("order", 42, id);
			// the activity call is recorded for billing, and then nothing may fail it
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (client.getInstanceHistory(id).stream().noneMatch(TaskScheduled.class::isInstance)
					&& System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			Thread.sleep(1500);
			WorkflowInstanceStatus waiting = client.getInstanceState(id, false);
			assertThat(waiting.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
			List<HistoryEvent> history = client.getInstanceHistory(id);
			assertThat(history).filteredOn(TaskScheduled.class::isInstance)
				.singleElement()
				.satisfies(e -> assertThat(((TaskScheduled) e).appId()).isEqualTo("billing"));
			assertThat(history).noneMatch(TaskFailed.class::isInstance);
			try (WorkflowRuntime billing = startApp("apps_wait", "billing", orders, id,
					MultiAppContract::billingApp)) {
				assertOrderCompleted(client, id);
			}
		}
	}

	@Test
	default void runtimeWithoutAppIdStillFailsAnUnregisteredActivity() throws Exception {
		try (WorkflowRuntime runtime = startRuntime("apps_solo",
				b -> b.registerWorkflow("callsNobody", (ctx, in) -> {
					try {
						return ctx.callActivity("nobodyHasThis", in, String.class).await();
					}
					catch (dev.workflow.TaskFailedException ex) {
						return "failed: " + ex.getFailureDetails().getErrorMessage();
					}
				}, String.class))) {
			String id = "apps-solo-" + UUID.randomUUID();
			runtime.client().scheduleNewWorkflow("callsNobody", "x", id);
			WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(60), true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).startsWith("failed: ").contains("nobodyHasThis");
		}
	}

	@Test
	default void invalidAppIdsAreRejectedNamingTheRules() {
		assertThatThrownBy(() -> WorkflowRuntime.builder().appId("orders app")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("app id")
			.hasMessageContaining("'orders app'")
			.hasMessageContaining("64");
		assertThatThrownBy(() -> TaskOptions.withAppId("")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("appId");
		assertThatThrownBy(() -> TaskOptions.builder().appId("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
	}

	private static void ordersApp(WorkflowRuntime.Builder b) {
		b.registerWorkflow("order", (ctx, amount) -> {
			String charged = ctx.callActivity("charge", amount, TaskOptions.withAppId("billing"), String.class).await();
			String invoice = ctx.callChildWorkflow("invoice", amount, null,
					TaskOptions.builder().appId("billing").build(), String.class).await();
			return charged + "/" + invoice;
		}, Integer.class)
			// a workflow of the same name here: the child sent to billing must not run here
			.registerWorkflow("invoice", (ctx, amount) -> "invoice ran in orders", Integer.class);
	}

	private static void billingApp(WorkflowRuntime.Builder b) {
		b.registerActivity("charge", (ctx, amount) -> {
			BILLING_RAN.put(ctx.getInstanceId(), "charge");
			return "charged " + amount;
		}, Integer.class)
			// no app id: any app that registered "stamp" runs it, which is only billing
			.registerActivity("stamp", (ctx, amount) -> "invoice " + amount, Integer.class)
			// the next run after continue-as-new stays on billing
			.registerWorkflow("invoice", (ctx, amount) -> {
				if (amount > 0) {
					ctx.continueAsNew(-amount);
				}
				return ctx.callActivity("stamp", -amount, String.class).await();
			}, Integer.class);
	}

	private static void assertOrderCompleted(WorkflowClient client, String id) throws Exception {
		WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, Duration.ofSeconds(60), true);
		assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails())
			.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("charged 42/invoice 42");
		assertThat(BILLING_RAN).containsEntry(id, "charge");
		List<HistoryEvent> history = client.getInstanceHistory(id);
		assertThat(history).noneMatch(TaskFailed.class::isInstance);
		assertThat(history).filteredOn(ChildWorkflowCreated.class::isInstance)
			.singleElement()
			.satisfies(e -> assertThat(((ChildWorkflowCreated) e).appId()).isEqualTo("billing"));
	}

	/**
	 * Starts an app on the storage. The second app gets a backend of its own on the same storage
	 * when that storage is shared between backends and the backend routes by app across them;
	 * otherwise it shares the first app's backend object (see the class comment).
	 * @param probeId an instance the sibling created, to tell whether a new backend sees its data
	 */
	private WorkflowRuntime startApp(String storage, String appId, WorkflowRuntime sibling, String probeId,
			Consumer<WorkflowRuntime.Builder> setup) {
		WorkflowBackend backend = sibling == null ? createBackend(storage, Map.of())
				: backendBeside(storage, sibling, probeId);
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder().backend(backend).appId(appId);
		setup.accept(builder);
		WorkflowRuntime runtime = builder.build();
		runtime.start();
		return runtime;
	}

	private WorkflowBackend backendBeside(String storage, WorkflowRuntime sibling, String probeId) {
		WorkflowBackend candidate = createBackend(storage, Map.of());
		candidate.start();
		boolean shared = candidate.getInstance(probeId) != null;
		candidate.stop();
		return shared ? createBackend(storage, Map.of()) : sibling.backend();
	}

}
