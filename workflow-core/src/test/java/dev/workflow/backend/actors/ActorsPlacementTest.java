package dev.workflow.backend.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.TestWorkflows;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.backend.sql.TestDatabases;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.TaskCompleted;

/**
 * Placement across replicas on one PostgreSQL state store, with two backends in this JVM: the
 * partitions split between them, work for an instance of the other replica's partitions reaches
 * it, saves fenced on a lease that moved change nothing, and a replica that stops hands its
 * partitions to the other at once.
 */
@Timeout(120)
class ActorsPlacementTest {

	private static final String PREFIX = "placement_";

	private final Map<String, String> config = new HashMap<>();

	private ActorsWorkflowBackend backendA;

	private ActorsWorkflowBackend backendB;

	private WorkflowRuntime a;

	private WorkflowRuntime b;

	@BeforeEach
	void start() throws Exception {
		TestDatabases.resetPostgres(PREFIX);
		this.config.putAll(TestDatabases.postgres(PREFIX));
		this.config.put("state-store", "jdbc");
		this.config.put("partition-count", "8");
		this.config.put("partition-lease-timeout", "1s");
		this.config.put("reminder-poll-interval", "50ms");
		this.backendA = backend();
		this.a = runtime(this.backendA);
		this.a.start();
		this.backendB = backend();
		this.b = runtime(this.backendB);
		this.b.start();
		awaitTrue("the partitions split between the two replicas",
				() -> this.backendA.heldPartitions().size() == 4 && this.backendB.heldPartitions().size() == 4);
	}

	@AfterEach
	void stop() {
		if (this.b != null) {
			this.b.close();
		}
		if (this.a != null) {
			this.a.close();
		}
	}

	private ActorsWorkflowBackend backend() {
		return (ActorsWorkflowBackend) WorkflowBackends.create("actors", new BackendConfiguration(this.config),
				BackendContext.EMPTY);
	}

	private static WorkflowRuntime runtime(ActorsWorkflowBackend backend) {
		return WorkflowRuntime.builder()
			.backend(backend)
			.registerWorkflow("seq3", TestWorkflows::seq3, Integer.class)
			.registerWorkflow("approve", (ctx, n) -> ctx.waitForExternalEvent("go", Integer.class).await() + n,
					Integer.class)
			.registerWorkflow("parent", (ctx, n) -> {
				int sum = 0;
				for (int i = 0; i < 4; i++) {
					sum += ctx.callChildWorkflow("seq3", n + i, ctx.getInstanceId() + "-child-" + i, null, Integer.class)
						.await();
				}
				return sum;
			}, Integer.class)
			.registerActivity("inc", (ctx, n) -> n + 1, Integer.class)
			.registerWorkflow("noop", (ctx, n) -> n, Integer.class)
			.registerWorkflow("collect", (ctx, in) -> {
				// records numbered events in the order they arrive, until a negative one
				java.util.List<Integer> seen = new java.util.ArrayList<>();
				while (true) {
					int n = ctx.waitForExternalEvent("n", Integer.class).await();
					if (n < 0) {
						return seen;
					}
					seen.add(n);
				}
			}, Void.class)
			.build();
	}

	private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	/** An instance id whose partition the given backend holds. */
	private static String idOwnedBy(ActorsWorkflowBackend backend, String prefix) {
		Set<Integer> held = backend.heldPartitions();
		for (int i = 0;; i++) {
			String id = prefix + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
			if (held.contains(backend.partitionOf(id))) {
				return id;
			}
		}
	}

	@Test
	void partitionsAreDisjointAndCoverAll() {
		Set<Integer> all = new HashSet<>(this.backendA.heldPartitions());
		assertThat(this.backendB.heldPartitions()).doesNotContainAnyElementsOf(all);
		all.addAll(this.backendB.heldPartitions());
		assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
	}

	@Test
	void clientCallsOnOneReplicaReachInstancesTheOtherOwns() throws Exception {
		WorkflowClient client = this.a.client();
		String remote = idOwnedBy(this.backendB, "remote");
		client.scheduleNewWorkflow("approve", new NewWorkflowOptions().setInstanceId(remote).setInput(1));
		// visible at once, though another replica runs it
		assertThat(client.getInstanceState(remote, false)).isNotNull();
		assertThatThrownBy(() -> client.scheduleNewWorkflow("approve",
				new NewWorkflowOptions().setInstanceId(remote).setReusePolicy(NewWorkflowOptions.ReusePolicy.ERROR)))
			.isInstanceOf(WorkflowInstanceExistsException.class);
		client.waitForInstanceStart(remote, Duration.ofSeconds(10), false);
		client.raiseEvent(remote, "go", 41);
		WorkflowInstanceStatus s = client.waitForInstanceCompletion(remote, Duration.ofSeconds(20), true);
		assertThat(s.readOutputAs(Integer.class)).isEqualTo(42);
		assertThat(client.purgeInstance(remote)).isTrue();
		assertThat(client.getInstanceState(remote, false)).isNull();
		assertThat(this.b.client().getInstanceState(remote, false)).isNull();

		String unknown = idOwnedBy(this.backendB, "unknown");
		assertThatThrownBy(() -> client.raiseEvent(unknown, "go", 1))
			.isInstanceOf(WorkflowInstanceNotFoundException.class);
	}

	@Test
	void workSpreadOverBothReplicasCompletesExactlyOnce() throws Exception {
		WorkflowClient client = this.a.client();
		for (int i = 0; i < 40; i++) {
			client.scheduleNewWorkflow("seq3", new NewWorkflowOptions().setInstanceId("w-" + i).setInput(i));
		}
		client.scheduleNewWorkflow("parent", new NewWorkflowOptions().setInstanceId("parent-1").setInput(10));
		for (int i = 0; i < 40; i++) {
			WorkflowInstanceStatus s = client.waitForInstanceCompletion("w-" + i, Duration.ofSeconds(30), true);
			assertThat(s.readOutputAs(Integer.class)).isEqualTo(i + 3);
			assertThat(client.getInstanceHistory("w-" + i).stream().filter(ExecutionCompleted.class::isInstance))
				.hasSize(1);
		}
		WorkflowInstanceStatus p = client.waitForInstanceCompletion("parent-1", Duration.ofSeconds(30), true);
		// children on partitions of both replicas: 13 + 14 + 15 + 16
		assertThat(p.readOutputAs(Integer.class)).isEqualTo(58);
		Set<Integer> childPartitions = new HashSet<>();
		for (int i = 0; i < 4; i++) {
			childPartitions.add(this.backendA.partitionOf("parent-1-child-" + i));
		}
		assertThat(childPartitions).as("the test's children land on several partitions").hasSizeGreaterThan(1);
		awaitTrue("every delivered message is consumed: no reminder is left behind",
				() -> this.backendA.store().loadReminders(null, null).isEmpty());
	}

	@Test
	void saveFencedOnALeaseThatMovedWritesNothing() {
		ActorStateStore store = this.backendA.store();
		String id = idOwnedBy(this.backendB, "fenced");
		int partition = this.backendB.partitionOf(id);
		ActorStateStore.Changes changes = new ActorStateStore.Changes(Map.of("meta", "{}"), Set.of(), false, List.of(),
				new ActorStateStore.Fence(partition, "a-member-that-lost-it", 1), List.of());
		assertThatThrownBy(() -> store.save(WorkflowActor.TYPE, id, null, changes))
			.isInstanceOf(PartitionLostException.class)
			.hasMessageContaining("partition " + partition);
		assertThat(store.load(WorkflowActor.TYPE, id).etag()).isNull();
		// and A's own fence for B's partition is refused before it reaches the store
		assertThatThrownBy(() -> this.backendA.fence(id)).isInstanceOf(PartitionLostException.class);
	}

	@Test
	void anEtagConflictDropsTheCachedStateReloadsAndConverges() throws Exception {
		String id = idOwnedBy(this.backendB, "conflict");
		WorkflowClient client = this.b.client();
		client.scheduleNewWorkflow("approve", new NewWorkflowOptions().setInstanceId(id).setInput(1));
		client.waitForInstanceStart(id, Duration.ofSeconds(10), false);
		// another writer moves the actor's etag behind B's back
		ActorStateStore store = this.backendA.store();
		ActorStateStore.ActorState state = store.load(WorkflowActor.TYPE, id);
		store.save(WorkflowActor.TYPE, id, state.etag(), new ActorStateStore.Changes(Map.of("probe", "1"), Set.of(),
				false, List.of(), ActorStateStore.Fence.unfenced(this.backendB.partitionOf(id)), List.of()));
		// B's cached etag is stale: its write fails, it reloads, and the write goes through
		client.raiseEvent(id, "go", 41);
		assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(10), true).readOutputAs(Integer.class))
			.isEqualTo(42);
		assertThat(client.getInstanceHistory(id).stream().filter(ExecutionCompleted.class::isInstance)).hasSize(1);
	}

	@Test
	void partitionsOfAStoppedReplicaMoveAndItsWaitingWorkflowsCarryOn() throws Exception {
		WorkflowClient client = this.a.client();
		String onB = idOwnedBy(this.backendB, "moving");
		client.scheduleNewWorkflow("approve", new NewWorkflowOptions().setInstanceId(onB).setInput(1));
		assertThat(client.waitForInstanceStart(onB, Duration.ofSeconds(10), false).getRuntimeStatus())
			.isEqualTo(WorkflowRuntimeStatus.RUNNING);
		this.b.close();
		this.b = null;
		awaitTrue("A takes over every partition", () -> this.backendA.heldPartitions().size() == 8);
		client.raiseEvent(onB, "go", 1);
		assertThat(client.waitForInstanceCompletion(onB, Duration.ofSeconds(10), true).readOutputAs(Integer.class))
			.isEqualTo(2);
		assertThat(client.getInstanceHistory(onB).stream().filter(ExecutionCompleted.class::isInstance)).hasSize(1);
	}

	@Test
	void aThirdReplicaGetsItsShare() throws Exception {
		ActorsWorkflowBackend backendC = backend();
		try (WorkflowRuntime c = runtime(backendC)) {
			c.start();
			awaitTrue("three replicas share 8 partitions 3/3/2", () -> {
				int x = this.backendA.heldPartitions().size();
				int y = this.backendB.heldPartitions().size();
				int z = backendC.heldPartitions().size();
				return x + y + z == 8 && Math.max(x, Math.max(y, z)) <= 3 && Math.min(x, Math.min(y, z)) >= 2;
			});
			String onC = idOwnedBy(backendC, "third");
			this.a.client().scheduleNewWorkflow("seq3", new NewWorkflowOptions().setInstanceId(onC).setInput(5));
			assertThat(this.a.client()
				.waitForInstanceCompletion(onC, Duration.ofSeconds(20), true)
				.readOutputAs(Integer.class)).isEqualTo(8);
			assertThat(this.a.client().getInstanceHistory(onC).stream().filter(TaskCompleted.class::isInstance))
				.hasSize(3);
		}
	}

	@Test
	@Timeout(300)
	void eventsOfOneCallerArriveInOrderThroughEitherReplica() throws Exception {
		String id = idOwnedBy(this.backendA, "ordered");
		this.a.client().scheduleNewWorkflow("collect", new NewWorkflowOptions().setInstanceId(id));
		this.b.client().waitForInstanceStart(id, Duration.ofSeconds(30), false);
		java.util.List<Integer> sent = new java.util.ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			// mostly through the replica that does not own the instance, every tenth through the owner
			WorkflowClient through = i % 10 == 9 ? this.a.client() : this.b.client();
			through.raiseEvent(id, "n", i);
			sent.add(i);
		}
		this.b.client().raiseEvent(id, "n", -1);
		WorkflowInstanceStatus s = this.a.client().waitForInstanceCompletion(id, Duration.ofSeconds(240), true);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(java.util.List.of(s.readOutputAs(Integer[].class))).containsExactlyElementsOf(sent);
	}

	@Test
	@Timeout(300)
	void interruptedCallsThroughTheNonOwnerWriteExactlyWhenTheyReturn() throws Exception {
		WorkflowClient client = this.b.client();
		// schedules of instances A owns, made through B, while B's caller thread is interrupted
		java.util.List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 150; i++) {
			ids.add(idOwnedBy(this.backendA, "intr-" + i));
		}
		java.util.Set<String> returned = java.util.concurrent.ConcurrentHashMap.newKeySet();
		java.util.Set<String> threw = java.util.concurrent.ConcurrentHashMap.newKeySet();
		int interrupted = WorkflowBackendContractTest.interruptWhile(ids.size(), i -> {
			try {
				client.scheduleNewWorkflow("noop", new NewWorkflowOptions().setInstanceId(ids.get(i)).setInput(i));
				returned.add(ids.get(i));
			}
			catch (RuntimeException ex) {
				threw.add(ids.get(i));
			}
		}, 7, 3_000_000);
		assertThat(interrupted).as("calls the caller was interrupted in").isPositive();
		for (int i = 0; i < ids.size(); i++) {
			String id = ids.get(i);
			if (returned.contains(id)) {
				// written, and its owner learnt of it: it runs to the end
				assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(60), true).readOutputAs(Integer.class))
					.as("instance %s, whose schedule call returned", id)
					.isEqualTo(i);
			}
			else {
				assertThat(client.getInstanceState(id, false)).as("instance %s, whose schedule call threw", id).isNull();
			}
		}
		// events raised through B: each one that returned arrives once, in order; none that threw
		String target = idOwnedBy(this.backendA, "intr-events");
		this.a.client().scheduleNewWorkflow("collect", new NewWorkflowOptions().setInstanceId(target));
		java.util.List<Integer> sent = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
		WorkflowBackendContractTest.interruptWhile(300, i -> {
			try {
				client.raiseEvent(target, "n", i);
				sent.add(i);
			}
			catch (RuntimeException ex) {
				// nothing written: not expected in the history
			}
		}, 7, 3_000_000);
		client.raiseEvent(target, "n", -1);
		WorkflowInstanceStatus s = this.a.client().waitForInstanceCompletion(target, Duration.ofSeconds(120), true);
		assertThat(java.util.List.of(s.readOutputAs(Integer[].class))).containsExactlyElementsOf(sent);
	}

	@Test
	void aWriteThroughTheNonOwnerAndTheOwnersReloadRequestCommitTogether() throws Exception {
		// B again, on a store that refuses writes of reminders outside an actor's save
		this.b.close();
		ActorStateStore real = dev.workflow.backend.actors.jdbc.JdbcActorStateStore
			.create(new BackendConfiguration(this.config), BackendContext.EMPTY);
		ActorStateStore refusing = (ActorStateStore) java.lang.reflect.Proxy.newProxyInstance(
				ActorStateStore.class.getClassLoader(), new Class<?>[] { ActorStateStore.class }, (proxy, method, args) -> {
					if (method.getName().equals("addReminders")) {
						throw new IllegalStateException("injected: the store refuses a separate reminder write");
					}
					try {
						return method.invoke(real, args);
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		this.backendB = new ActorsWorkflowBackend(refusing, Duration.ofMinutes(1), Duration.ofMinutes(1),
				java.time.Clock.systemUTC(), 8, Duration.ofSeconds(1), Duration.ofMillis(50));
		this.b = runtime(this.backendB);
		this.b.start();
		awaitTrue("the partitions split between the two replicas again",
				() -> this.backendA.heldPartitions().size() == 4 && this.backendB.heldPartitions().size() == 4);
		String id = idOwnedBy(this.backendA, "together");
		WorkflowClient client = this.b.client();
		// a create through B is one write: it either fails and creates nothing, or the owner learns of it
		try {
			client.scheduleNewWorkflow("noop", new NewWorkflowOptions().setInstanceId(id).setInput(7));
		}
		catch (RuntimeException ex) {
			assertThat(client.getInstanceState(id, false)).as("an instance whose create threw: " + ex).isNull();
			return;
		}
		assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(30), true).readOutputAs(Integer.class))
			.isEqualTo(7);
	}

}
