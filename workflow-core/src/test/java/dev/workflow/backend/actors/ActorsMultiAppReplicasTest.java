package dev.workflow.backend.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.TaskOptions;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.backend.sql.TestDatabases;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskFailed;

/**
 * App-aware placement on one PostgreSQL state store: two replicas of app "orders" and one of app
 * "billing", each its own backend. Orders calls billing's activity and child workflow (orders has
 * a workflow of the child's name too, and billing's child calls an activity without an app id).
 * Every call reaches a billing replica: everything completes, nothing fails as not registered, and
 * no replica holds a partition of the other app.
 */
@Timeout(240)
class ActorsMultiAppReplicasTest {

	private static final String PREFIX = "multiapp_";

	private static final int ORDERS = 30;

	/** Which app's replica ran each billing call, by orders instance id. */
	private static final Map<String, String> RAN = new ConcurrentHashMap<>();

	@Test
	void twoOrdersReplicasAndOneBillingReplicaCompleteEverything() throws Exception {
		TestDatabases.resetPostgres(PREFIX);
		Map<String, String> config = new HashMap<>(TestDatabases.postgres(PREFIX));
		config.put("state-store", "jdbc");
		config.put("partition-count", "8");
		config.put("partition-lease-timeout", "2s");
		config.put("reminder-poll-interval", "50ms");
		ActorsWorkflowBackend ordersA = backend(config);
		ActorsWorkflowBackend ordersB = backend(config);
		ActorsWorkflowBackend billingBackend = backend(config);
		try (WorkflowRuntime a = orders(ordersA); WorkflowRuntime b = orders(ordersB);
				WorkflowRuntime billing = billing(billingBackend)) {
			a.start();
			b.start();
			billing.start();
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < ORDERS; i++) {
				String id = "multiapp-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
				ids.add(id);
				(i % 2 == 0 ? a : b).client().scheduleNewWorkflow("order", i, id);
			}
			WorkflowClient client = a.client();
			for (int i = 0; i < ORDERS; i++) {
				String id = ids.get(i);
				WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, Duration.ofSeconds(120), true);
				assertThat(s.getRuntimeStatus()).as("%s failed: %s", id, s.getFailureDetails())
					.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				assertThat(s.readOutputAs(String.class)).isEqualTo("charged " + i + "/invoice " + i);
				assertThat(RAN).containsEntry(id, "billing");
				List<HistoryEvent> history = client.getInstanceHistory(id);
				assertThat(history).noneMatch(e -> e instanceof TaskFailed || e instanceof ChildWorkflowFailed);
			}
			assertOnlyRanges(ordersA, "orders");
			assertOnlyRanges(ordersB, "orders");
			assertOnlyRanges(billingBackend, "billing");
		}
	}

	@Test
	void anAppsPartitionsSplitOverItsReplicasAndMoveToTheOtherWhenOneStops() throws Exception {
		TestDatabases.resetPostgres(PREFIX);
		Map<String, String> config = new HashMap<>(TestDatabases.postgres(PREFIX));
		config.put("state-store", "jdbc");
		config.put("partition-count", "8");
		config.put("partition-lease-timeout", "2s");
		config.put("reminder-poll-interval", "50ms");
		ActorsWorkflowBackend ordersA = backend(config);
		ActorsWorkflowBackend ordersB = backend(config);
		ActorsWorkflowBackend billingBackend = backend(config);
		int orders = AppPartitions.base("orders");
		int billing = AppPartitions.base("billing");
		try (WorkflowRuntime a = orders(ordersA); WorkflowRuntime billingApp = billing(billingBackend)) {
			a.start();
			billingApp.start();
			try (WorkflowRuntime b = orders(ordersB)) {
				b.start();
				awaitTrue("the two orders replicas split the orders partitions",
						() -> inRange(ordersA, orders) == 4 && inRange(ordersB, orders) == 4);
				assertThat(inRange(billingBackend, billing)).isEqualTo(8);
				assertThat(inRange(billingBackend, orders)).isZero();
			}
			awaitTrue("the stopped replica's orders partitions move to the other orders replica",
					() -> inRange(ordersA, orders) == 8);
			assertThat(inRange(billingBackend, orders)).isZero();
			assertThat(inRange(ordersA, billing)).isZero();
			String id = "multiapp-moved-" + UUID.randomUUID();
			a.client().scheduleNewWorkflow("order", 5, id);
			WorkflowInstanceStatus s = a.client().waitForInstanceCompletion(id, Duration.ofSeconds(120), true);
			assertThat(s.readOutputAs(String.class)).as("failure: %s", s.getFailureDetails())
				.isEqualTo("charged 5/invoice 5");
		}
	}

	private static long inRange(ActorsWorkflowBackend backend, int base) {
		return backend.heldPartitions().stream().filter(p -> p >= base && p < base + 8).count();
	}

	private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	/** Holds partitions of work without an app id and of its own app only. */
	private static void assertOnlyRanges(ActorsWorkflowBackend backend, String appId) {
		Set<Integer> held = backend.heldPartitions();
		int base = AppPartitions.base(appId);
		assertThat(held).as("partitions held by a replica of %s", appId)
			.allMatch(p -> p < 8 || (p >= base && p < base + 8));
	}

	private static ActorsWorkflowBackend backend(Map<String, String> config) {
		return (ActorsWorkflowBackend) WorkflowBackends.create("actors", new BackendConfiguration(config),
				BackendContext.EMPTY);
	}

	private static WorkflowRuntime orders(ActorsWorkflowBackend backend) {
		return WorkflowRuntime.builder()
			.backend(backend)
			.appId("orders")
			.registerWorkflow("order", (ctx, amount) -> {
				String charged = ctx.callActivity("charge", amount, TaskOptions.withAppId("billing"), String.class)
					.await();
				String invoice = ctx.callChildWorkflow("invoice", amount, null, TaskOptions.withAppId("billing"),
						String.class).await();
				return charged + "/" + invoice;
			}, Integer.class)
			// the child sent to billing must not run here
			.registerWorkflow("invoice", (ctx, amount) -> "invoice ran in orders", Integer.class)
			.build();
	}

	private static WorkflowRuntime billing(ActorsWorkflowBackend backend) {
		return WorkflowRuntime.builder()
			.backend(backend)
			.appId("billing")
			.registerActivity("charge", (ctx, amount) -> {
				RAN.put(ctx.getInstanceId(), "billing");
				return "charged " + amount;
			}, Integer.class)
			.registerActivity("stamp", (ctx, amount) -> "invoice " + amount, Integer.class)
			.registerWorkflow("invoice", (ctx, amount) -> ctx.callActivity("stamp", amount, String.class).await(),
					Integer.class)
			.build();
	}

}
