package dev.workflow.grpc.durabletask;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcWorker;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.OrchestrationStatusQuery;
import com.microsoft.durabletask.PurgeInstanceCriteria;
import com.microsoft.durabletask.RetryPolicy;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskCanceledException;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOptions;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.workflow.WorkflowRuntime;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskScheduled;

import static dev.workflow.grpc.durabletask.MicrosoftSdkEndpoint.activity;
import static dev.workflow.grpc.durabletask.MicrosoftSdkEndpoint.orchestration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code com.microsoft:durabletask-client} 1.5.0 worker and client against the
 * Microsoft-flavour endpoint on one backend (a subclass per backend): the programming model end to
 * end, the client operations, and a worker whose stream is cut mid-turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MicrosoftSdkTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final AtomicInteger flakyCalls = new AtomicInteger();

	private MicrosoftSdkEndpoint endpoint;

	private DurableTaskClient client;

	/**
	 * A runtime builder on this class's backend.
	 * @param storage a short name unique to the caller (a table prefix or file name)
	 */
	abstract WorkflowRuntime.Builder runtime(String storage);

	@BeforeAll
	void startEndpointAndWorker() {
		this.endpoint = new MicrosoftSdkEndpoint(runtime("ms"));
		this.endpoint.worker(orchestrations(), activities());
		this.client = this.endpoint.client();
	}

	@AfterAll
	void stop() {
		if (this.endpoint != null) {
			this.endpoint.close();
		}
	}

	private List<TaskOrchestrationFactory> orchestrations() {
		return List.of(orchestration("chain", ctx -> {
			String name = ctx.getInput(String.class);
			String a = ctx.callActivity("hello", name + " 1", null, String.class).await();
			String b = ctx.callActivity("hello", name + " 2", null, String.class).await();
			String c = ctx.callActivity("hello", name + " 3", null, String.class).await();
			ctx.complete(a + " " + b + " " + c);
		}), orchestration("fanOut", ctx -> {
			List<Task<Integer>> squares = new ArrayList<>();
			for (int i = 1; i <= 5; i++) {
				squares.add(ctx.callActivity("square", i, null, Integer.class));
			}
			ctx.complete(ctx.allOf(squares).await().stream().mapToInt(Integer::intValue).sum());
		}), orchestration("timer", ctx -> {
			Instant before = ctx.getCurrentInstant();
			ctx.createTimer(Duration.ofSeconds(1)).await();
			ctx.complete(Duration.between(before, ctx.getCurrentInstant()).toMillis());
		}), orchestration("approval", ctx -> {
			ctx.setCustomStatus("waiting");
			String by = ctx.waitForExternalEvent("approve", Duration.ofSeconds(20), String.class).await();
			ctx.setCustomStatus("approved");
			ctx.complete("approved by " + by);
		}), orchestration("eventTimeout", ctx -> {
			try {
				ctx.waitForExternalEvent("never", Duration.ofMillis(500), String.class).await();
				ctx.complete("event");
			}
			catch (TaskCanceledException timedOut) {
				ctx.complete("timed out");
			}
		}), orchestration("parent", ctx -> {
			String child = ctx.callSubOrchestrator("chain", ctx.getInput(String.class), ctx.getInstanceId() + "-child",
					null, String.class).await();
			ctx.complete("child said: " + child);
		}), orchestration("counter", ctx -> {
			int n = ctx.getInput(Integer.class);
			if (n < 3) {
				ctx.continueAsNew(n + 1, true);
				return;
			}
			ctx.complete(n);
		}), orchestration("catches", ctx -> {
			try {
				ctx.callActivity("fail", "boom", null, String.class).await();
				ctx.complete("not failed");
			}
			catch (TaskFailedException ex) {
				ctx.complete("caught " + ex.getErrorDetails().getErrorMessage());
			}
		}), orchestration("retries", ctx -> {
			TaskOptions retry = new TaskOptions(new RetryPolicy(3, Duration.ofMillis(200)));
			ctx.complete(ctx.callActivity("flaky", null, retry, String.class).await());
		}));
	}

	private List<TaskActivityFactory> activities() {
		return List.of(activity("hello", ctx -> "Hello, " + ctx.getInput(String.class) + "!"),
				activity("square", ctx -> {
					int i = ctx.getInput(Integer.class);
					return i * i;
				}), activity("fail", ctx -> {
					throw new IllegalStateException(ctx.getInput(String.class));
				}), activity("flaky", ctx -> {
					if (this.flakyCalls.incrementAndGet() < 3) {
						throw new IllegalStateException("not yet");
					}
					return "ok after " + this.flakyCalls.get();
				}));
	}

	private String id(String scenario) {
		return "ms-" + this.run + "-" + scenario;
	}

	private OrchestrationMetadata start(String name, Object input, String scenario) throws Exception {
		String id = this.client.scheduleNewOrchestrationInstance(name,
				new NewOrchestrationInstanceOptions().setInstanceId(id(scenario)).setInput(input));
		assertThat(id).isEqualTo(id(scenario));
		return this.client.waitForInstanceStart(id, WAIT, true);
	}

	private OrchestrationMetadata finish(String scenario) throws Exception {
		return this.client.waitForInstanceCompletion(id(scenario), WAIT, true);
	}

	@Test
	void chainOfActivities() throws Exception {
		start("chain", "Tokyo", "chain");
		OrchestrationMetadata done = finish("chain");
		assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(String.class)).isEqualTo("Hello, Tokyo 1! Hello, Tokyo 2! Hello, Tokyo 3!");
		assertThat(done.readInputAs(String.class)).isEqualTo("Tokyo");
		assertThat(done.getName()).isEqualTo("chain");
		// Event ids are the worker's action ids (0, 1, 2), which its replay matched.
		List<Integer> scheduled = this.endpoint.runtime()
			.backend()
			.getHistory(id("chain"))
			.stream()
			.filter(TaskScheduled.class::isInstance)
			.map(e -> ((TaskScheduled) e).eventId())
			.toList();
		assertThat(scheduled).containsExactly(0, 1, 2);
	}

	@Test
	void fanOutFanIn() throws Exception {
		start("fanOut", null, "fan");
		OrchestrationMetadata done = finish("fan");
		assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(Integer.class)).isEqualTo(1 + 4 + 9 + 16 + 25);
	}

	@Test
	void durableTimer() throws Exception {
		start("timer", null, "timer");
		OrchestrationMetadata done = finish("timer");
		assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(Long.class)).isGreaterThanOrEqualTo(1000L);
	}

	@Test
	void eventAfterTheWaitWithCustomStatus() throws Exception {
		start("approval", null, "after");
		awaitCustomStatus(id("after"), "waiting");
		this.client.raiseEvent(id("after"), "approve", "alice");
		OrchestrationMetadata done = finish("after");
		assertThat(done.readOutputAs(String.class)).isEqualTo("approved by alice");
		assertThat(done.readCustomStatusAs(String.class)).isEqualTo("approved");
	}

	@Test
	void eventBeforeTheWait() throws Exception {
		this.client.scheduleNewOrchestrationInstance("approval",
				new NewOrchestrationInstanceOptions().setInstanceId(id("before")));
		this.client.raiseEvent(id("before"), "approve", "bob");
		assertThat(finish("before").readOutputAs(String.class)).isEqualTo("approved by bob");
	}

	@Test
	void eventTimeout() throws Exception {
		start("eventTimeout", null, "timeout");
		assertThat(finish("timeout").readOutputAs(String.class)).isEqualTo("timed out");
	}

	@Test
	void childWorkflow() throws Exception {
		start("parent", "Paris", "parent");
		OrchestrationMetadata done = finish("parent");
		assertThat(done.readOutputAs(String.class))
			.isEqualTo("child said: Hello, Paris 1! Hello, Paris 2! Hello, Paris 3!");
		OrchestrationMetadata child = this.client.getInstanceMetadata(id("parent") + "-child", true);
		assertThat(child.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
	}

	@Test
	void continueAsNew() throws Exception {
		start("counter", 0, "counter");
		OrchestrationMetadata done = finish("counter");
		assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(Integer.class)).isEqualTo(3);
	}

	@Test
	void activityFailureIsCaught() throws Exception {
		start("catches", null, "caught");
		assertThat(finish("caught").readOutputAs(String.class)).isEqualTo("caught boom");
	}

	@Test
	void retriesUntilTheActivitySucceeds() throws Exception {
		start("retries", null, "retries");
		OrchestrationMetadata done = finish("retries");
		assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(String.class)).isEqualTo("ok after 3");
	}

	@Test
	void suspendHoldsEventsUntilResume() throws Exception {
		start("approval", null, "suspend");
		awaitCustomStatus(id("suspend"), "waiting");
		this.client.suspendInstance(id("suspend"), "hold on");
		awaitStatus(id("suspend"), OrchestrationRuntimeStatus.SUSPENDED);
		this.client.raiseEvent(id("suspend"), "approve", "carol");
		Thread.sleep(500);
		assertThat(this.client.getInstanceMetadata(id("suspend"), false).getRuntimeStatus())
			.isEqualTo(OrchestrationRuntimeStatus.SUSPENDED);
		this.client.resumeInstance(id("suspend"), "go");
		assertThat(finish("suspend").readOutputAs(String.class)).isEqualTo("approved by carol");
	}

	@Test
	void terminateThenPurgeById() throws Exception {
		start("approval", null, "terminate");
		this.client.terminate(id("terminate"), "stopped");
		OrchestrationMetadata done = finish("terminate");
		assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
		assertThat(done.readOutputAs(String.class)).isEqualTo("stopped");
		assertThat(this.client.purgeInstance(id("terminate")).getDeletedInstanceCount()).isEqualTo(1);
		assertThat(this.client.getInstanceMetadata(id("terminate"), false).isInstanceFound()).isFalse();
	}

	@Test
	void queryAndPurgeByFilter() throws Exception {
		Instant from = Instant.now().minusSeconds(1);
		for (int i = 0; i < 3; i++) {
			start("chain", "q" + i, "query-" + i);
			finish("query-" + i);
		}
		OrchestrationStatusQuery query = new OrchestrationStatusQuery().setInstanceIdPrefix(id("query-"))
			.setRuntimeStatusList(List.of(OrchestrationRuntimeStatus.COMPLETED))
			.setFetchInputsAndOutputs(true);
		List<OrchestrationMetadata> found = this.client.queryInstances(query).getOrchestrationState();
		assertThat(found).extracting(OrchestrationMetadata::getInstanceId)
			.containsExactlyInAnyOrder(id("query-0"), id("query-1"), id("query-2"));
		assertThat(found).allSatisfy(m -> assertThat(m.readOutputAs(String.class)).startsWith("Hello, q"));
		int deleted = this.client
			.purgeInstances(new PurgeInstanceCriteria().setCreatedTimeFrom(from)
				.setRuntimeStatusList(List.of(OrchestrationRuntimeStatus.COMPLETED))
				.setTimeout(WAIT))
			.getDeletedInstanceCount();
		assertThat(deleted).isGreaterThanOrEqualTo(3);
		assertThat(this.client.queryInstances(query).getOrchestrationState()).isEmpty();
	}

	@Test
	void aWorkerCutOffMidTurnLosesNothing() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (MicrosoftSdkEndpoint own = new MicrosoftSdkEndpoint(runtime("mskill"))) {
			DurableTaskGrpcWorker first = own.worker(List.of(orchestration("handover", ctx -> {
				entered.countDown();
				// Hangs in the middle of the turn until the test is over: its stream is cut meanwhile.
				try {
					release.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				ctx.complete("from the first worker");
			})), List.of());
			DurableTaskClient ownClient = own.client();
			String id = ownClient.scheduleNewOrchestrationInstance("handover",
					new NewOrchestrationInstanceOptions().setInstanceId(id("handover")).setInput("x"));
			assertThat(entered.await(30, TimeUnit.SECONDS)).as("the first worker got the turn").isTrue();
			first.close();
			own.worker(List.of(orchestration("handover", ctx -> {
				String greeting = ctx.callActivity("hello", ctx.getInput(String.class), null, String.class).await();
				ctx.complete("second worker: " + greeting);
			})), List.of(activity("hello", ctx -> "Hello, " + ctx.getInput(String.class) + "!")));
			OrchestrationMetadata done = ownClient.waitForInstanceCompletion(id, WAIT, true);
			release.countDown();
			assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
			assertThat(done.readOutputAs(String.class)).isEqualTo("second worker: Hello, x!");
			List<HistoryEvent> history = own.runtime().backend().getHistory(id);
			assertThat(history.stream().filter(TaskScheduled.class::isInstance)).hasSize(1);
		}
		finally {
			release.countDown();
		}
	}

	private void awaitCustomStatus(String id, String expected) throws Exception {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			OrchestrationMetadata m = this.client.getInstanceMetadata(id, true);
			if (m.isInstanceFound() && m.isCustomStatusFetched() && expected.equals(m.readCustomStatusAs(String.class))) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("custom status of " + id + " never became " + expected);
	}

	private void awaitStatus(String id, OrchestrationRuntimeStatus expected) throws Exception {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			if (this.client.getInstanceMetadata(id, false).getRuntimeStatus() == expected) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError(id + " never became " + expected);
	}

}
