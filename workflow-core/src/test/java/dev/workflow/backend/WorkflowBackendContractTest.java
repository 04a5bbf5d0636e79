package dev.workflow.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.RetryPolicy;
import dev.workflow.Task;
import dev.workflow.TaskCanceledException;
import dev.workflow.TaskFailedException;
import dev.workflow.TaskOptions;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;
import dev.workflow.history.TimerCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every backend passes: the whole programming model and client, run end to end on a
 * real backend, plus leases and fencing at the SPI level. A backend module subclasses it and says
 * how to create its backend; see the actors, sqlite and jdbc test classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class WorkflowBackendContractTest
		implements DaprApiContract, ClientOperationsContract, VersioningContract, MultiAppContract,
		SharedWorkContract {

	/** Input of the order workflows. */
	public record Order(String item, int quantity) {
	}

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** An activity result Jackson cannot write: its only property throws. */
	public static final class Unserializable {

		public String getValue() {
			throw new IllegalStateException("not serializable");
		}

	}

	private static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	private static volatile boolean scheduleB;

	protected WorkflowRuntime runtime;

	protected WorkflowClient client;

	@Override
	public abstract WorkflowBackend createBackend(String storage, Map<String, String> extraConfiguration);

	/** The storage of the lease tests, whose backends read {@link #leaseClock}. */
	private static final String LEASES = "leases";

	/** The clock the lease tests move forward instead of sleeping until a lease expires. */
	private final MovableClock leaseClock = new MovableClock();

	/**
	 * What {@link #createBackend} passes to the backend it creates: for the lease tests' storage a
	 * clock they move, otherwise the system clock.
	 * @param storage the storage name given to {@link #createBackend}
	 * @return the context
	 */
	protected BackendContext backendContext(String storage) {
		return storage.equals(LEASES) ? BackendContext.EMPTY.withClock(this.leaseClock) : BackendContext.EMPTY;
	}

	/** A clock that stands still until a test moves it; never goes back. */
	private static final class MovableClock extends java.time.Clock {

		private volatile Instant now = Instant.now();

		/** Stands at the real time now, or stays where it is if it was moved past that. */
		synchronized void standNow() {
			Instant real = Instant.now();
			if (real.isAfter(this.now)) {
				this.now = real;
			}
		}

		synchronized void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public java.time.ZoneId getZone() {
			return java.time.ZoneOffset.UTC;
		}

		@Override
		public java.time.Clock withZone(java.time.ZoneId zone) {
			throw new UnsupportedOperationException("the lease tests' clock is UTC only");
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	@BeforeAll
	void startRuntime() {
		this.runtime = WorkflowRuntime.builder()
			.backend(createBackend("main", Map.of()))
			.maxPayloadSize(64 * 1024)
			.maxWorkItemAttempts(3)
			.registerActivity("greet", (ctx, name) -> "Hello, " + name + "!", String.class)
			.registerActivity("add", (ctx, n) -> n + 1, Integer.class)
			.registerActivity("echo", (ctx, s) -> s, String.class)
			.registerActivity("describe", (ctx, o) -> o.quantity() + "x" + o.item(), Order.class)
			.registerActivity("flaky", (ctx, key) -> {
				int n = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
				if (n < 3) {
					throw new IllegalStateException("flaky attempt " + n);
				}
				return "ok after " + n;
			}, String.class)
			.registerActivity("fail", (ctx, msg) -> {
				throw new IllegalArgumentException(msg);
			}, String.class)
			.registerActivity("big", (ctx, n) -> "x".repeat(n), Integer.class)
			.registerActivity("unserializable", (ctx, in) -> new Unserializable(), String.class)
			.registerWorkflow("hello", (ctx, name) -> ctx.callActivity("greet", name, String.class).await(), String.class)
			.registerWorkflow("sequence", (ctx, n) -> {
				int v = n;
				for (int i = 0; i < 3; i++) {
					v = ctx.callActivity("add", v, Integer.class).await();
				}
				return v;
			}, Integer.class)
			.registerWorkflow("order", (ctx, order) -> ctx.callActivity("describe", order, String.class).await(),
					Order.class)
			.registerWorkflow("timer", (ctx, ms) -> {
				Instant start = ctx.getCurrentInstant();
				ctx.createTimer(Duration.ofMillis(ms)).await();
				return Duration.between(start, ctx.getCurrentInstant()).toMillis();
			}, Integer.class)
			.registerWorkflow("approval", (ctx, timeoutMs) -> {
				try {
					return ctx.waitForExternalEvent("Approve", Duration.ofMillis(timeoutMs), String.class).await();
				}
				catch (TaskCanceledException ex) {
					return "timed out";
				}
			}, Integer.class)
			.registerWorkflow("staleTimeout", (ctx, in) -> {
				String v = ctx.waitForExternalEvent("go", Duration.ofMillis(300), String.class).await();
				ctx.createTimer(Duration.ofMillis(800)).await();
				return v;
			}, Void.class)
			.registerWorkflow("bufferedEvent", (ctx, in) -> {
				ctx.createTimer(Duration.ofMillis(500)).await();
				return ctx.waitForExternalEvent("early", String.class).await();
			}, Void.class)
			.registerWorkflow("parent", (ctx, name) -> "parent(" + ctx.callChildWorkflow("hello", name, String.class).await() + ")",
					String.class)
			.registerWorkflow("failingChildParent", (ctx, in) -> {
				try {
					ctx.callChildWorkflow("failing", "boom", String.class).await();
					return "no failure";
				}
				catch (TaskFailedException ex) {
					return "caught: " + ex.getFailureDetails().getErrorMessage();
				}
			}, Void.class)
			.registerWorkflow("failing", (ctx, msg) -> ctx.callActivity("fail", msg, String.class).await(), String.class)
			.registerWorkflow("counter", (ctx, n) -> {
				if (n < 3) {
					ctx.continueAsNew(n + 1);
				}
				return n;
			}, Integer.class)
			.registerWorkflow("eventCounter", (ctx, n) -> {
				String e = ctx.waitForExternalEvent("tick", String.class).await();
				if (n < 2) {
					ctx.continueAsNew(n + 1, true);
				}
				return n + ":" + e;
			}, Integer.class)
			.registerWorkflow("fanOut", (ctx, n) -> {
				List<Task<Integer>> tasks = new ArrayList<>();
				for (int i = 0; i < n; i++) {
					tasks.add(ctx.callActivity("add", i, Integer.class));
				}
				return ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum();
			}, Integer.class)
			.registerWorkflow("race", (ctx, in) -> {
				Task<String> event = ctx.waitForExternalEvent("win", String.class);
				Task<Void> timer = ctx.createTimer(Duration.ofMillis(300));
				Task<?> first = ctx.anyOf(List.of(event, timer)).await();
				return first == event ? "event" : "timer";
			}, Void.class)
			.registerWorkflow("status", (ctx, in) -> {
				ctx.setCustomStatus(Map.of("stage", "waiting"));
				String v = ctx.waitForExternalEvent("go", String.class).await();
				ctx.setCustomStatus(Map.of("stage", "done"));
				return v;
			}, Void.class)
			.registerWorkflow("uuids", (ctx, in) -> {
				UUID u1 = ctx.newUuid();
				String echoed = ctx.callActivity("echo", u1.toString(), String.class).await();
				if (!echoed.equals(u1.toString())) {
					throw new IllegalStateException("newUuid differs on replay: " + u1 + " vs " + echoed);
				}
				UUID u2 = ctx.newUuid();
				return u1.equals(u2) ? "same" : "distinct";
			}, Void.class)
			.registerWorkflow("retry", (ctx, key) -> ctx.callActivity("flaky", key,
					TaskOptions.withRetryPolicy(RetryPolicy.builder().maxAttempts(3).firstRetryInterval(Duration.ofMillis(50)).build()),
					String.class).await(), String.class)
			.registerWorkflow("retryExhausted", (ctx, in) -> ctx.callActivity("fail", "always",
					TaskOptions.withRetryPolicy(RetryPolicy.builder().maxAttempts(2).firstRetryInterval(Duration.ofMillis(20)).build()),
					String.class).await(), Void.class)
			.registerWorkflow("waitForever", (ctx, in) -> ctx.waitForExternalEvent("never", String.class).await(), Void.class)
			.registerWorkflow("parentOfWaiter", (ctx, in) -> ctx.callChildWorkflow("waitForever", null, String.class).await(),
					Void.class)
			.registerWorkflow("changing", (ctx, in) -> {
				ctx.callActivity(scheduleB ? "greet" : "echo", "x", String.class).await();
				return ctx.waitForExternalEvent("go", String.class).await();
			}, Void.class)
			.registerWorkflow("poison", (ctx, in) -> {
				throw new StackOverflowError("simulated crash in workflow code");
			}, Void.class)
			.registerWorkflow("unknownActivity", (ctx, in) -> ctx.callActivity("noSuchActivity", null, String.class).await(),
					Void.class)
			.registerWorkflow("bigOutput", (ctx, n) -> "y".repeat(n), Integer.class)
			.registerWorkflow("unserializableResult", (ctx, in) -> {
				try {
					ctx.callActivity("unserializable", null, Object.class).await();
					return "no failure";
				}
				catch (TaskFailedException ex) {
					return ex.getFailureDetails().getErrorMessage();
				}
			}, Void.class)
			.registerWorkflow("nearLimit", (ctx, in) -> {
				ctx.setCustomStatus(in);
				String event = ctx.waitForExternalEvent("big", String.class).await();
				String echoed = ctx.callActivity("echo", in, String.class).await();
				return echoed.length() + event.length();
			}, String.class)
			.registerWorkflow("bigActivityResult", (ctx, n) -> ctx.callActivity("big", n, String.class).await(), Integer.class)
			// ---- issue 12, semantics ----
			.registerWorkflow("semantics_loop", (ctx, n) -> {
				ctx.continueAsNew(n + 1);
				return null;
			}, Integer.class)
			.registerWorkflow("semantics_timerLoop", (ctx, n) -> {
				ctx.createTimer(Duration.ofMillis(20)).await();
				ctx.continueAsNew(n + 1);
				return null;
			}, Integer.class)
			.registerWorkflow("semantics_badNames", (ctx, in) -> {
				List<String> out = new ArrayList<>();
				String tooLong = "n".repeat(300);
				for (Runnable call : List.<Runnable>of(() -> ctx.callActivity(tooLong, null, String.class),
						() -> ctx.callActivity("tab\there", null, String.class),
						() -> ctx.callChildWorkflow(tooLong, null, String.class),
						() -> ctx.waitForExternalEvent("nul\u0000", String.class),
						() -> ctx.waitForExternalEvent(" ", String.class))) {
					try {
						call.run();
						out.add("accepted");
					}
					catch (IllegalArgumentException ex) {
						out.add(ex.getMessage());
					}
				}
				return out;
			}, Void.class)
			.registerWorkflow("semantics_selfChild", (ctx, in) -> {
				try {
					ctx.callChildWorkflow("hello", "me", ctx.getInstanceId(), null, String.class).await();
					return "started";
				}
				catch (TaskFailedException ex) {
					return "refused: " + ex.getFailureDetails().getErrorMessage();
				}
			}, Void.class)
			.registerWorkflow("semantics_farTimers", (ctx, in) -> {
				List<Task<?>> tasks = new ArrayList<>();
				tasks.add(ctx.createTimer(Instant.MAX));
				tasks.add(ctx.createTimer(Instant.parse("+300000-01-01T00:00:00Z")));
				tasks.add(ctx.createTimer(Duration.ofSeconds(Long.MAX_VALUE)));
				tasks.add(ctx.waitForExternalEvent("never", Duration.ofSeconds(Long.MAX_VALUE), String.class));
				tasks.add(ctx.callActivity("fail", "huge retry", TaskOptions.withRetryPolicy(RetryPolicy.builder()
					.maxAttempts(2)
					.firstRetryInterval(Duration.ofSeconds(Long.MAX_VALUE))
					.backoffCoefficient(1e300)
					.build()), String.class));
				Task<String> go = ctx.waitForExternalEvent("go", String.class);
				tasks.add(go);
				return ctx.anyOf(tasks).await() == go ? "event" : "a far timer fired";
			}, Void.class)
			.registerWorkflow("semantics_bigStatus", (ctx, n) -> {
				ctx.setCustomStatus("s".repeat(n));
				return "status set";
			}, Integer.class)
			.registerWorkflow("semantics_bigContinue", (ctx, n) -> {
				ctx.continueAsNew("c".repeat(n));
				return null;
			}, Integer.class)
			.registerWorkflow("semantics_listed", (ctx, in) -> "listed", Void.class)
			.registerWorkflow("semantics_bigFailure", (ctx, n) -> {
				throw new IllegalStateException("f".repeat(n));
			}, Integer.class)
			// ---- issue 12, actors ----
			.registerWorkflow("actors_collect", (ctx, in) -> {
				// records numbered events in the order they arrive, until a negative one
				List<Integer> seen = new ArrayList<>();
				while (true) {
					int n = ctx.waitForExternalEvent("n", Integer.class).await();
					if (n < 0) {
						return seen;
					}
					seen.add(n);
				}
			}, Void.class)
			.registerWorkflow("actors_noop", (ctx, in) -> in, Integer.class)
			// ---- issue 12, workers ----
			.registerActivity("workers_oom", (ctx, in) -> {
				throw new OutOfMemoryError("test");
			}, String.class)
			.registerActivity("workers_stackOverflow", (ctx, in) -> workersRecurse(0), String.class)
			.registerWorkflow("workers_deepRecursion", (ctx, in) -> workersRecurse(0), Void.class)
			.registerWorkflow("workers_catchActivityError", (ctx, activity) -> {
				try {
					return ctx.callActivity(activity, "x", String.class).await();
				}
				catch (TaskFailedException ex) {
					return "caught " + ex.getFailureDetails().getErrorType();
				}
			}, String.class)
			.registerActivity("workers_hang", (ctx, key) -> workersHang(ctx.getTaskId(), key), String.class)
			.registerActivity("workers_stubborn", (ctx, key) -> workersStubborn(), String.class)
			.registerActivity("workers_sleep", (ctx, ms) -> {
				long start = System.nanoTime();
				Thread.sleep(ms);
				workersSleeps.computeIfAbsent(ctx.getInstanceId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
					.add(new long[] { start, System.nanoTime() });
				return 1;
			}, Integer.class)
			.registerActivity("workers_slowMark", (ctx, key) -> {
				Thread.sleep(3000);
				workersFinished.add(key);
				return key;
			}, String.class)
			.registerWorkflow("workers_timeout", (ctx, key) -> {
				try {
					return ctx.callActivity("workers_hang", key, TaskOptions.withTimeout(Duration.ofMillis(500)),
							String.class).await();
				}
				catch (TaskFailedException ex) {
					return ex.getFailureDetails().getErrorType() + "|" + ex.getFailureDetails().getErrorMessage();
				}
			}, String.class)
			.registerWorkflow("workers_timeoutRetry", (ctx, key) -> {
				try {
					return ctx.callActivity("workers_hang", key, TaskOptions.builder()
						.retryPolicy(RetryPolicy.builder().maxAttempts(2).firstRetryInterval(Duration.ofMillis(50)).build())
						.timeout(Duration.ofMillis(300))
						.build(), String.class).await();
				}
				catch (TaskFailedException ex) {
					return ex.getFailureDetails().getErrorType();
				}
			}, String.class)
			.registerWorkflow("workers_fanOut", (ctx, n) -> {
				List<Task<Integer>> tasks = new ArrayList<>();
				for (int i = 0; i < n; i++) {
					tasks.add(ctx.callActivity("workers_sleep", 1000, Integer.class));
				}
				return ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum();
			}, Integer.class)
			.registerWorkflow("workers_slowFirst", (ctx, key) -> ctx.callActivity("workers_slowMark", key, String.class)
				.await(), String.class)
			.registerWorkflow("workers_hangOne", (ctx, key) -> ctx.callActivity("workers_stubborn", key, String.class)
				.await(), String.class)
			// ---- issue 12, sql ----
			.registerWorkflow("sql_waitForever", (ctx, in) -> ctx.waitForExternalEvent("sql_never", String.class).await(),
					String.class)
			.registerWorkflow("sql_farTimer", (ctx, in) -> {
				ctx.createTimer(SQL_LAST_INSTANT).await();
				return "fired";
			}, Void.class)
			.build();
		this.runtime.start();
		this.client = this.runtime.client();
	}

	@AfterAll
	void stopRuntime() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	protected static String id(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
	}

	protected WorkflowInstanceStatus complete(String instanceId) throws TimeoutException {
		return this.client.waitForInstanceCompletion(instanceId, WAIT, true);
	}

	protected WorkflowInstanceStatus run(String workflow, Object input) throws TimeoutException {
		return complete(this.client.scheduleNewWorkflow(workflow, input, id(workflow)));
	}

	// ---- activities, inputs, outputs

	@Test
	void activityResultBecomesWorkflowOutput() throws Exception {
		WorkflowInstanceStatus s = run("hello", "world");
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("Hello, world!");
		assertThat(s.readInputAs(String.class)).isEqualTo("world");
		assertThat(s.getName()).isEqualTo("hello");
		assertThat(s.getFailureDetails()).isNull();
		assertThat(s.isCompleted()).isTrue();
		assertThat(s.getLastUpdatedAt()).isAfterOrEqualTo(s.getCreatedAt());
	}

	@Test
	void sequenceOfActivitiesRunsInOrderAndHistoryHasOneCompletionEach() throws Exception {
		String id = this.client.scheduleNewWorkflow("sequence", 10, id("seq"));
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.readOutputAs(Integer.class)).isEqualTo(13);
		List<HistoryEvent> history = this.client.getInstanceHistory(id);
		assertThat(history.get(1)).isInstanceOf(ExecutionStarted.class);
		assertThat(history.stream().filter(TaskCompleted.class::isInstance).map(e -> ((TaskCompleted) e).taskScheduledId()))
			.containsExactly(0, 1, 2);
	}

	@Test
	void inputIsBoundToTheDeclaredRecordType() throws Exception {
		assertThat(run("order", new Order("book", 3)).readOutputAs(String.class)).isEqualTo("3xbook");
	}

	@Test
	void hundredsOfConcurrentInstancesAllComplete() throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			ids.add(this.client.scheduleNewWorkflow("sequence", i, id("many" + i)));
		}
		for (int i = 0; i < ids.size(); i++) {
			WorkflowInstanceStatus s = this.client.waitForInstanceCompletion(ids.get(i), Duration.ofSeconds(90), true);
			assertThat(s.readOutputAs(Integer.class)).isEqualTo(i + 3);
		}
	}

	// ---- timers and events

	@Test
	void durableTimerFiresAfterItsDelay() throws Exception {
		WorkflowInstanceStatus s = run("timer", 300);
		assertThat(s.readOutputAs(Long.class)).isGreaterThanOrEqualTo(300L);
		assertThat(this.client.getInstanceHistory(s.getInstanceId())).anyMatch(TimerCreated.class::isInstance);
	}

	@Test
	void externalEventCompletesTheWait() throws Exception {
		String id = this.client.scheduleNewWorkflow("approval", 30_000, id("approve"));
		this.client.waitForInstanceStart(id, WAIT, false);
		this.client.raiseEvent(id, "approve", "yes");
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("yes");
	}

	@Test
	void waitTimesOutWithTaskCanceled() throws Exception {
		assertThat(run("approval", 200).readOutputAs(String.class)).isEqualTo("timed out");
	}

	@Test
	void staleTimeoutTimerAfterTheEventDoesNotCancelIt() throws Exception {
		String id = this.client.scheduleNewWorkflow("staleTimeout", null, id("stale"));
		this.client.raiseEvent(id, "go", "first");
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("first");
	}

	@Test
	void eventRaisedBeforeTheWaitIsBuffered() throws Exception {
		String id = this.client.scheduleNewWorkflow("bufferedEvent", null, id("buffered"));
		this.client.raiseEvent(id, "EARLY", "kept");
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("kept");
	}

	@Test
	void anyOfReturnsTheFirstTaskDone() throws Exception {
		assertThat(run("race", null).readOutputAs(String.class)).isEqualTo("timer");
		String id = this.client.scheduleNewWorkflow("race", null, id("race"));
		this.client.raiseEvent(id, "win", "now");
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("event");
	}

	@Test
	void allOfFansOutAndIn() throws Exception {
		assertThat(run("fanOut", 50).readOutputAs(Integer.class)).isEqualTo(50 * 49 / 2 + 50);
	}

	// ---- children, continue-as-new

	@Test
	void childWorkflowOutputReachesTheParent() throws Exception {
		assertThat(run("parent", "kid").readOutputAs(String.class)).isEqualTo("parent(Hello, kid!)");
	}

	@Test
	void childWorkflowFailureSurfacesAsTaskFailed() throws Exception {
		assertThat(run("failingChildParent", null).readOutputAs(String.class)).startsWith("caught: ");
	}

	@Test
	void continueAsNewRestartsWithNewInputAndFreshHistory() throws Exception {
		WorkflowInstanceStatus s = run("counter", 0);
		assertThat(s.readOutputAs(Integer.class)).isEqualTo(3);
		assertThat(this.client.getInstanceHistory(s.getInstanceId()).stream().filter(ExecutionStarted.class::isInstance))
			.hasSize(1);
	}

	@Test
	void continueAsNewCarriesUnprocessedEventsWhenAsked() throws Exception {
		String id = this.client.scheduleNewWorkflow("eventCounter", 0, id("events"));
		this.client.raiseEvent(id, "tick", "a");
		this.client.raiseEvent(id, "tick", "b");
		this.client.raiseEvent(id, "tick", "c");
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("2:c");
	}

	// ---- status, determinism, retries

	@Test
	void customStatusIsVisibleWhileRunning() throws Exception {
		String id = this.client.scheduleNewWorkflow("status", null, id("status"));
		awaitStatus(id, s -> "waiting".equals(stage(s)));
		this.client.raiseEvent(id, "go", "done");
		WorkflowInstanceStatus s = complete(id);
		assertThat(stage(s)).isEqualTo("done");
	}

	@SuppressWarnings("unchecked")
	private static String stage(WorkflowInstanceStatus s) {
		Map<String, String> m = s.readCustomStatusAs(Map.class);
		return m == null ? null : m.get("stage");
	}

	@Test
	void newUuidIsStableAcrossReplays() throws Exception {
		WorkflowInstanceStatus s = run("uuids", null);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("distinct");
	}

	@Test
	void retryPolicyRetriesOnDurableTimers() throws Exception {
		String key = id("flaky");
		WorkflowInstanceStatus s = run("retry", key);
		assertThat(s.readOutputAs(String.class)).isEqualTo("ok after 3");
		assertThat(this.client.getInstanceHistory(s.getInstanceId()).stream().filter(TimerCreated.class::isInstance))
			.hasSize(2);
	}

	@Test
	void exhaustedRetriesFailTheInstance() throws Exception {
		WorkflowInstanceStatus s = run("retryExhausted", null);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(s.getFailureDetails().getErrorType()).isEqualTo(TaskFailedException.class.getName());
		assertThat(s.getFailureDetails().getErrorMessage()).contains("always");
	}

	@Test
	void replayThatDoesNotMatchHistoryFailsWithNonDeterminism() throws Exception {
		scheduleB = false;
		String id = this.client.scheduleNewWorkflow("changing", null, id("changing"));
		awaitStatus(id, s -> this.client.getInstanceHistory(id).stream().anyMatch(TaskCompleted.class::isInstance));
		scheduleB = true;
		try {
			this.client.raiseEvent(id, "go", "now");
			WorkflowInstanceStatus s = complete(id);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
			assertThat(s.getFailureDetails().getErrorType()).isEqualTo("dev.workflow.NonDeterminismException");
			assertThat(s.getFailureDetails().getErrorMessage()).contains("TaskScheduled #0 (activity 'echo')")
				.contains("activity 'greet'");
		}
		finally {
			scheduleB = false;
		}
	}

	@Test
	void workItemThatKeepsFailingToProcessEndsFailedAfterMaxAttempts() throws Exception {
		WorkflowInstanceStatus s = run("poison", null);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(s.getFailureDetails().getErrorMessage()).contains("3 times").contains("simulated crash");
	}

	// ---- client operations

	@Test
	void suspendHoldsEventsUntilResume() throws Exception {
		String id = this.client.scheduleNewWorkflow("status", null, id("suspend"));
		this.client.waitForInstanceStart(id, WAIT, false);
		this.client.suspendWorkflow(id, "maintenance");
		awaitStatus(id, s -> s.getRuntimeStatus() == WorkflowRuntimeStatus.SUSPENDED);
		this.client.raiseEvent(id, "go", "after resume");
		Thread.sleep(300);
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
		this.client.resumeWorkflow(id, "done");
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("after resume");
	}

	@Test
	void terminateEndsTheInstanceAndItsChildren() throws Exception {
		String id = this.client.scheduleNewWorkflow("parentOfWaiter", null, id("term"));
		String childId = id + ":0000";
		awaitStatus(childId, s -> s.getRuntimeStatus() == WorkflowRuntimeStatus.RUNNING);
		this.client.terminateWorkflow(id, "stopped");
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("stopped");
		assertThat(complete(childId).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
	}

	@Test
	void purgeDeletesFinishedInstancesOnly() throws Exception {
		String running = this.client.scheduleNewWorkflow("waitForever", null, id("purge-running"));
		this.client.waitForInstanceStart(running, WAIT, false);
		assertThatThrownBy(() -> this.client.purgeInstance(running)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("RUNNING");
		this.client.terminateWorkflow(running, null);
		complete(running);
		assertThat(this.client.purgeInstance(running)).isTrue();
		assertThat(this.client.getInstanceState(running, false)).isNull();
		assertThat(this.client.getInstanceHistory(running)).isEmpty();
		assertThat(this.client.purgeInstance(running)).isFalse();
	}

	@Test
	void scheduledStartTimeKeepsTheInstancePendingUntilThen() throws Exception {
		String id = this.client.scheduleNewWorkflow("hello", new NewWorkflowOptions().setInput("later")
			.setInstanceId(id("later"))
			.setStartTime(Instant.now().plusMillis(700)));
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.PENDING);
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.readOutputAs(String.class)).isEqualTo("Hello, later!");
		assertThat(s.getLastUpdatedAt()).isAfter(s.getCreatedAt().plusMillis(600));
	}

	@Test
	void reusePolicyDecidesWhatHappensToARunningId() throws Exception {
		String id = this.client.scheduleNewWorkflow("waitForever", null, id("reuse"));
		this.client.waitForInstanceStart(id, WAIT, false);
		assertThatThrownBy(() -> this.client.scheduleNewWorkflow("hello", "x", id))
			.isInstanceOf(WorkflowInstanceExistsException.class)
			.hasMessageContaining(id);
		this.client.scheduleNewWorkflow("hello",
				new NewWorkflowOptions().setInstanceId(id).setInput("ignored").setReusePolicy(NewWorkflowOptions.ReusePolicy.IGNORE));
		assertThat(this.client.getInstanceState(id, false).getName()).isEqualTo("waitForever");
		this.client.scheduleNewWorkflow("hello",
				new NewWorkflowOptions().setInstanceId(id).setInput("replaced").setReusePolicy(NewWorkflowOptions.ReusePolicy.TERMINATE));
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo("Hello, replaced!");
		this.client.scheduleNewWorkflow("hello", "again", id);
		awaitStatus(id, s -> "again".equals(s.readInputAs(String.class)) && s.isCompleted());
	}

	@Test
	void listFiltersByStatusNameAndCreationTimeAndPages() throws Exception {
		String name = "hello";
		Instant before = Instant.now().minusSeconds(1);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(this.client.scheduleNewWorkflow(name, "p" + i, id("list")));
		}
		for (String i : ids) {
			complete(i);
		}
		Instant after = Instant.now().plusSeconds(1);
		WorkflowQuery q = new WorkflowQuery().setName(name)
			.setRuntimeStatus(WorkflowRuntimeStatus.COMPLETED)
			.setCreatedFrom(before)
			.setCreatedTo(after)
			.setPageSize(2);
		List<String> seen = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			WorkflowQueryResult r = this.client.listInstances(q.setContinuationToken(token));
			r.getWorkflowInstances().forEach(s -> seen.add(s.getInstanceId()));
			token = r.getContinuationToken();
			pages++;
		}
		while (token != null && pages < 100);
		assertThat(seen).containsAll(ids).doesNotHaveDuplicates();
		assertThat(this.client.listInstances(new WorkflowQuery().setName(id("noWorkflowNamed"))).getWorkflowInstances())
			.isEmpty();
		assertThat(this.client.listInstances(new WorkflowQuery().setCreatedFrom(after)).getWorkflowInstances()).isEmpty();
	}

	// ---- bad input

	@Test
	void invalidInstanceIdsAreRejectedWithTheRule() {
		for (String bad : new String[] { "", "has space", "x".repeat(65), "slash/no", "ünïcode" }) {
			assertThatThrownBy(() -> this.client.scheduleNewWorkflow("hello", "x", bad))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("1 to 64 characters");
		}
		assertThat(this.client.scheduleNewWorkflow("hello", "x", "A-z_0:9." + "y".repeat(56))).hasSize(64);
	}

	@Test
	void oversizedPayloadsAreRejectedNamingTheLimitAndNothingIsWritten() {
		String id = id("big");
		assertThatThrownBy(() -> this.client.scheduleNewWorkflow("hello", "z".repeat(70_000), id))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("size limit of 65536 bytes");
		assertThat(this.client.getInstanceState(id, false)).isNull();
		String waiting = this.client.scheduleNewWorkflow("status", null, id("bigevent"));
		assertThatThrownBy(() -> this.client.raiseEvent(waiting, "go", "z".repeat(70_000)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("size limit");
	}

	@Test
	void payloadsAt95PercentOfTheLimitSucceedAndAt101PercentAreRejectedWithoutHarm() throws Exception {
		int limit = 64 * 1024;
		String near = "n".repeat(limit * 95 / 100 - 2); // JSON adds two quotes
		String over = "o".repeat(limit * 101 / 100);
		String id = this.client.scheduleNewWorkflow("nearLimit", near, id("near"));
		assertThatThrownBy(() -> this.client.raiseEvent(id, "big", over)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(String.valueOf(limit));
		this.client.raiseEvent(id, "big", near);
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(Integer.class)).isEqualTo(2 * near.length());
		assertThat(s.readCustomStatusAs(String.class)).isEqualTo(near);
		assertThat(s.readInputAs(String.class)).isEqualTo(near);
		assertThatThrownBy(() -> this.client.scheduleNewWorkflow("nearLimit", over, id("over")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("size limit of " + limit);
	}

	@Test
	void oversizedOutputsFailTheInstanceOrTaskWithTheLimit() throws Exception {
		WorkflowInstanceStatus out = run("bigOutput", 70_000);
		assertThat(out.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(out.getFailureDetails().getErrorMessage()).contains("size limit");
		WorkflowInstanceStatus act = run("bigActivityResult", 70_000);
		assertThat(act.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(act.getFailureDetails().getErrorMessage()).contains("size limit");
	}

	@Test
	void activityResultThatCannotBeSerializedFailsTheTaskWithAClearMessage() throws Exception {
		WorkflowInstanceStatus s = run("unserializableResult", null);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).contains("result of activity 'unserializable' cannot be stored")
			.contains("Unserializable");
	}

	@Test
	void unknownWorkflowNameEndsFailedNamingIt() throws Exception {
		WorkflowInstanceStatus s = run("noSuchWorkflow", null);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(s.getFailureDetails().getErrorMessage()).contains("'noSuchWorkflow'").contains("hello");
	}

	@Test
	void unknownActivityNameEndsFailedNamingIt() throws Exception {
		WorkflowInstanceStatus s = run("unknownActivity", null);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(s.getFailureDetails().getErrorMessage()).contains("'noSuchActivity'");
	}

	@Test
	void eventsToUnknownInstancesAreRejected() {
		assertThatThrownBy(() -> this.client.raiseEvent("no-such-instance", "x", null))
			.isInstanceOf(WorkflowInstanceNotFoundException.class)
			.hasMessageContaining("no-such-instance");
		assertThat(this.client.getInstanceState("no-such-instance", true)).isNull();
	}

	@Test
	void waitingPastTheTimeoutThrowsTimeoutException() throws Exception {
		String id = this.client.scheduleNewWorkflow("waitForever", null, id("timeout"));
		assertThatThrownBy(() -> this.client.waitForInstanceCompletion(id, Duration.ofMillis(200), false))
			.isInstanceOf(TimeoutException.class)
			.hasMessageContaining(id);
		this.client.terminateWorkflow(id, null);
	}

	// ---- leases and fencing, at the SPI level

	@Test
	void expiredWorkflowLeaseMovesAndTheStaleHolderCannotCommit() throws Exception {
		this.leaseClock.standNow();
		WorkflowBackend backend = createBackend(LEASES, Map.of("orchestration-lock-timeout", "1s", "activity-lock-timeout", "1s"));
		backend.start();
		try {
			String id = id("lease");
			backend.createWorkflowInstance(new ExecutionStarted(Instant.now(), "hello", id, UUID.randomUUID().toString(),
					"\"a\"", null, null), NewWorkflowOptions.ReusePolicy.ERROR);
			WorkflowWorkItem first = takeWorkflowItem(backend, id, Duration.ofSeconds(10));
			// while the backend's clock is short of the lock timeout, the item stays with its holder
			this.leaseClock.advance(Duration.ofMillis(900));
			assertThatThrownBy(() -> takeWorkflowItem(backend, id, Duration.ofMillis(500)))
				.isInstanceOf(AssertionError.class);
			this.leaseClock.advance(Duration.ofMillis(200));
			WorkflowWorkItem second = takeWorkflowItem(backend, id, Duration.ofSeconds(15));
			assertThat(second.lockToken()).isNotEqualTo(first.lockToken());
			assertThat(second.attempt()).isGreaterThan(first.attempt());
			WorkflowTurnCommit result = TurnCommits.of((ExecutionStarted) second.newEvents().get(0), List.of(),
					WorkflowRuntimeStatus.RUNNING, null, "\"mine\"", null, List.of());
			assertThatThrownBy(() -> backend.completeWorkflowWorkItem(first, result))
				.isInstanceOf(WorkItemLockLostException.class);
			assertThatThrownBy(() -> backend.renewWorkflowWorkItem(first)).isInstanceOf(WorkItemLockLostException.class);
			backend.renewWorkflowWorkItem(second);
			backend.completeWorkflowWorkItem(second, result);
			assertThat(backend.getInstance(id).customStatus()).isEqualTo("\"mine\"");
			assertThat(backend.getInstance(id).status()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		}
		finally {
			backend.stop();
		}
	}

	@Test
	void renewedLeaseDoesNotExpire() throws Exception {
		this.leaseClock.standNow();
		WorkflowBackend backend = createBackend(LEASES, Map.of("orchestration-lock-timeout", "1s", "activity-lock-timeout", "1s"));
		backend.start();
		try {
			String id = id("renew");
			backend.createWorkflowInstance(new ExecutionStarted(Instant.now(), "hello", id, UUID.randomUUID().toString(),
					null, null, null), NewWorkflowOptions.ReusePolicy.ERROR);
			WorkflowWorkItem item = takeWorkflowItem(backend, id, Duration.ofSeconds(10));
			for (int i = 0; i < 6; i++) {
				this.leaseClock.advance(Duration.ofMillis(400));
				backend.renewWorkflowWorkItem(item);
			}
			assertThat(backend.nextWorkflowWorkItem(Duration.ofMillis(300))).isNull();
			backend.completeWorkflowWorkItem(item, TurnCommits.of((ExecutionStarted) item.newEvents().get(0), List.of(),
					WorkflowRuntimeStatus.RUNNING, null, null, null, List.of()));
		}
		finally {
			backend.stop();
		}
	}

	@Test
	void expiredActivityLeaseMovesAndTheStaleResultIsRejected() throws Exception {
		this.leaseClock.standNow();
		WorkflowBackend backend = createBackend(LEASES, Map.of("orchestration-lock-timeout", "1s", "activity-lock-timeout", "1s"));
		backend.start();
		try {
			String id = id("actlease");
			ExecutionStarted started = new ExecutionStarted(Instant.now(), "hello", id, UUID.randomUUID().toString(),
					null, null, null);
			backend.createWorkflowInstance(started, NewWorkflowOptions.ReusePolicy.ERROR);
			WorkflowWorkItem turn = takeWorkflowItem(backend, id, Duration.ofSeconds(10));
			List<HistoryEvent> append = new ArrayList<>(turn.newEvents());
			append.add(new dev.workflow.history.TaskScheduled(Instant.now(), 0, "greet", "\"x\""));
			backend.completeWorkflowWorkItem(turn, TurnCommits.of(started, append,
					WorkflowRuntimeStatus.RUNNING, null, null, null, List.of(new ActivityRequest(id, started.executionId(), 0, "greet", "\"x\""))));
			ActivityWorkItem first = takeActivityItem(backend, id, Duration.ofSeconds(10));
			this.leaseClock.advance(Duration.ofMillis(1100));
			ActivityWorkItem second = takeActivityItem(backend, id, Duration.ofSeconds(15));
			assertThat(second.lockToken()).isNotEqualTo(first.lockToken());
			assertThatThrownBy(() -> backend.completeActivityWorkItem(first, new TaskCompleted(Instant.now(), 0, "\"stale\"")))
				.isInstanceOf(WorkItemLockLostException.class);
			backend.completeActivityWorkItem(second, new TaskCompleted(Instant.now(), 0, "\"fresh\""));
			WorkflowWorkItem next = takeWorkflowItem(backend, id, Duration.ofSeconds(10));
			assertThat(next.newEvents()).containsExactly(new TaskCompleted(((TaskCompleted) next.newEvents().get(0)).timestamp(), 0, "\"fresh\""));
		}
		finally {
			backend.stop();
		}
	}

	@Test
	void duplicateAndUnscheduledCompletionsAreIgnored() throws Exception {
		WorkflowBackend backend = createBackend("dupes", Map.of());
		backend.start();
		try {
			String id = id("dupes");
			ExecutionStarted started = new ExecutionStarted(Instant.now(), "hello", id, UUID.randomUUID().toString(),
					null, null, null);
			backend.createWorkflowInstance(started, NewWorkflowOptions.ReusePolicy.ERROR);
			WorkflowWorkItem turn = takeWorkflowItem(backend, id, Duration.ofSeconds(10));
			List<HistoryEvent> append = new ArrayList<>(turn.newEvents());
			append.add(new dev.workflow.history.TaskScheduled(Instant.now(), 0, "greet", null));
			backend.completeWorkflowWorkItem(turn, TurnCommits.of(started, append,
					WorkflowRuntimeStatus.RUNNING, null, null, null, List.of(new ActivityRequest(id, started.executionId(), 0, "greet", null))));
			ActivityWorkItem act = takeActivityItem(backend, id, Duration.ofSeconds(10));
			backend.completeActivityWorkItem(act, new TaskCompleted(Instant.now(), 0, "\"one\""));
			assertThatThrownBy(() -> backend.completeActivityWorkItem(act, new TaskCompleted(Instant.now(), 0, "\"two\"")))
				.isInstanceOf(WorkItemLockLostException.class);
			WorkflowWorkItem next = takeWorkflowItem(backend, id, Duration.ofSeconds(10));
			assertThat(next.newEvents()).hasSize(1);
			assertThat(((TaskCompleted) next.newEvents().get(0)).result()).isEqualTo("\"one\"");
		}
		finally {
			backend.stop();
		}
	}

	private static WorkflowWorkItem takeWorkflowItem(WorkflowBackend backend, String id, Duration within)
			throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			WorkflowWorkItem item = backend.nextWorkflowWorkItem(Duration.ofMillis(100));
			if (item != null && item.instanceId().equals(id)) {
				return item;
			}
		}
		throw new AssertionError("No workflow work item for " + id + " within " + within);
	}

	private static ActivityWorkItem takeActivityItem(WorkflowBackend backend, String id, Duration within)
			throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			ActivityWorkItem item = backend.nextActivityWorkItem(Duration.ofMillis(100));
			if (item != null && item.request().instanceId().equals(id)) {
				return item;
			}
		}
		throw new AssertionError("No activity work item for " + id + " within " + within);
	}

	protected void awaitStatus(String id, java.util.function.Predicate<WorkflowInstanceStatus> condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			WorkflowInstanceStatus s = this.client.getInstanceState(id, true);
			if (s != null && condition.test(s)) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("Instance " + id + " did not reach the expected state; last: "
				+ this.client.getInstanceState(id, true));
	}

	/** Merges a backend's own settings with the test's extra ones. */
	protected static Map<String, String> merge(Map<String, String> base, Map<String, String> extra) {
		Map<String, String> m = new HashMap<>(base);
		m.putAll(extra);
		return m;
	}

	// ---- issue 12, semantics ----

	private void semanticsAwaitInputAbove(String id, int n) throws InterruptedException {
		awaitStatus(id, s -> s.readInputAs(Integer.class) != null && s.readInputAs(Integer.class) > n);
	}

	private void semanticsStop(String id) throws TimeoutException {
		this.client.terminateWorkflow(id, "stopped");
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("stopped");
	}

	/** Suspends a looping instance, sees it stay suspended, resumes it and sees it move on. */
	private void semanticsSuspendHoldsTheLoop(String id) throws Exception {
		this.client.suspendWorkflow(id, "pause");
		awaitStatus(id, s -> s.getRuntimeStatus() == WorkflowRuntimeStatus.SUSPENDED);
		int held = this.client.getInstanceState(id, true).readInputAs(Integer.class);
		Thread.sleep(200);
		WorkflowInstanceStatus still = this.client.getInstanceState(id, true);
		assertThat(still.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
		assertThat(still.readInputAs(Integer.class)).as("no run continues while suspended").isEqualTo(held);
		this.client.resumeWorkflow(id, "go on");
		semanticsAwaitInputAbove(id, held + 2);
	}

	@Test
	void semantics_continueAsNewLoopThatNeverAwaitsStopsOnTerminateAndSuspend() throws Exception {
		String id = this.client.scheduleNewWorkflow("semantics_loop", 0, id("sem-loop"));
		try {
			semanticsAwaitInputAbove(id, 5);
			semanticsSuspendHoldsTheLoop(id);
		}
		finally {
			semanticsStop(id);
		}
	}

	@Test
	void semantics_continueAsNewLoopWithATimerNeverLosesASuspend() throws Exception {
		String id = this.client.scheduleNewWorkflow("semantics_timerLoop", 0, id("sem-tloop"));
		try {
			semanticsAwaitInputAbove(id, 2);
			for (int i = 0; i < 5; i++) {
				semanticsSuspendHoldsTheLoop(id);
			}
		}
		finally {
			semanticsStop(id);
		}
	}

	@Test
	void semantics_invalidNamesAreRejectedUpFrontWithTheRule() throws Exception {
		String rule = "1 to 256 characters";
		for (String bad : new String[] { "", " ", "w".repeat(257), "line\nbreak", "nul\u0000", "del\u007f" }) {
			String id = id("sem-name");
			assertThatThrownBy(() -> this.client.scheduleNewWorkflow(bad, "x", id))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("workflow name")
				.hasMessageContaining(rule);
			assertThat(this.client.getInstanceState(id, false)).as("nothing written").isNull();
		}
		String waiting = this.client.scheduleNewWorkflow("waitForever", null, id("sem-ev"));
		try {
			for (String bad : new String[] { "", "e".repeat(257), "tab\tin", "\u0085" }) {
				assertThatThrownBy(() -> this.client.raiseEvent(waiting, bad, "x"))
					.isInstanceOf(IllegalArgumentException.class)
					.hasMessageContaining("event name")
					.hasMessageContaining(rule);
			}
			assertThat(this.client.getInstanceHistory(waiting))
				.noneMatch(dev.workflow.history.EventRaised.class::isInstance);
		}
		finally {
			this.client.terminateWorkflow(waiting, null);
		}
		// the longest valid name is stored and read back on every backend
		String longest = "L".repeat(256);
		WorkflowInstanceStatus unknown = complete(this.client.scheduleNewWorkflow(longest, null, id("sem-longest")));
		assertThat(unknown.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(unknown.getName()).isEqualTo(longest);
		// in workflow code an invalid name fails the call at once, and the code may catch it
		WorkflowInstanceStatus s = run("semantics_badNames", null);
		assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		List<?> messages = s.readOutputAs(List.class);
		assertThat(messages).hasSize(5).allSatisfy(m -> assertThat((String) m).contains(rule).contains(" name "));
	}

	@Test
	void semantics_childWithTheParentsOwnIdFailsTheCallWithTheRule() throws Exception {
		WorkflowInstanceStatus s = run("semantics_selfChild", null);
		assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).startsWith("refused: ").contains("own instance id");
	}

	@Test
	void semantics_timersAndRetriesFarInTheFutureNeverFire() throws Exception {
		String id = this.client.scheduleNewWorkflow("semantics_farTimers", null, id("sem-far"));
		try {
			awaitStatus(id, s -> this.client.getInstanceHistory(id).stream().filter(TimerCreated.class::isInstance).count() >= 5);
			List<HistoryEvent> history = this.client.getInstanceHistory(id);
			assertThat(history.stream().filter(TimerCreated.class::isInstance).map(e -> ((TimerCreated) e).fireAt()))
				.hasSize(5)
				.allSatisfy(at -> assertThat(at).isBeforeOrEqualTo(Instant.parse("9999-12-31T23:59:59Z"))
					.isAfter(Instant.parse("9999-01-01T00:00:00Z")));
			Thread.sleep(300);
			assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
			this.client.raiseEvent(id, "go", "now");
			WorkflowInstanceStatus s = complete(id);
			assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("event");
		}
		finally {
			if (!this.client.getInstanceState(id, false).isCompleted()) {
				this.client.terminateWorkflow(id, null);
			}
		}
	}

	@Test
	void semantics_clientWaitsTakeNullAsTheDefaultSaturateHugeTimeoutsAndRejectNegativeOnes() throws Exception {
		String id = this.client.scheduleNewWorkflow("hello", "wait", id("sem-wait"));
		assertThat(this.client.waitForInstanceStart(id, null, false)).isNotNull();
		assertThat(this.client.waitForInstanceCompletion(id, null, true).readOutputAs(String.class)).isEqualTo("Hello, wait!");
		Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
		assertThat(this.client.waitForInstanceStart(id, huge, false).isCompleted()).isTrue();
		assertThat(this.client.waitForInstanceCompletion(id, huge, false).isCompleted()).isTrue();
		assertThat(this.client.waitForInstanceCompletion(id, Duration.ZERO, false).isCompleted()).isTrue();
		assertThatThrownBy(() -> this.client.waitForInstanceCompletion(id, Duration.ofMillis(-1), false))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("timeout");
		assertThatThrownBy(() -> this.client.waitForInstanceStart(id, Duration.ofSeconds(-5), false))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("timeout");
	}

	@Test
	void semantics_startTimesOutsideTheRangeAreRejectedAndTheLatestIsKept() throws Exception {
		for (Instant bad : new Instant[] { Instant.MAX, Instant.parse("+300000-01-01T00:00:00Z"), Instant.MIN,
				Instant.parse("1969-12-31T23:59:59Z") }) {
			assertThatThrownBy(() -> new NewWorkflowOptions().setStartTime(bad))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("startTime")
				.hasMessageContaining("9999-12-31T23:59:59Z");
		}
		String id = this.client.scheduleNewWorkflow("hello", new NewWorkflowOptions().setInstanceId(id("sem-late"))
			.setStartTime(Instant.parse("9999-12-31T23:59:59Z")));
		this.client.raiseEvent(id, "early", "kept for the start");
		Thread.sleep(300);
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus())
			.as("an event before the start leaves it pending")
			.isEqualTo(WorkflowRuntimeStatus.PENDING);
		this.client.terminateWorkflow(id, null);
		assertThat(complete(id).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
	}

	@Test
	void semantics_lockTimeoutsOutsideTheirRangeAreRejectedNamingKeyValueAndRange() {
		for (Map.Entry<String, String> bad : List.of(Map.entry("orchestration-lock-timeout", "PT9999999999H"),
				Map.entry("activity-lock-timeout", "99999999999999999999h"), Map.entry("orchestration-lock-timeout", "10ms"),
				Map.entry("activity-lock-timeout", "2h"))) {
			assertThatThrownBy(() -> {
				WorkflowBackend backend = createBackend("semanticsLocks", Map.of(bad.getKey(), bad.getValue()));
				try {
					backend.start();
				}
				finally {
					backend.stop();
				}
			}).isInstanceOf(BackendConfigurationException.class)
				.hasMessageContaining(bad.getKey())
				.hasMessageContaining(bad.getValue())
				.hasMessageContaining("from 1s to 1h");
		}
	}

	@Test
	void semantics_everyPayloadWrittenObeysTheLimit() throws Exception {
		String big = "r".repeat(70_000);
		String id = this.client.scheduleNewWorkflow("waitForever", null, id("sem-reason"));
		try {
			this.client.waitForInstanceStart(id, WAIT, false);
			assertThatThrownBy(() -> this.client.suspendWorkflow(id, big)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("size limit of 65536 bytes");
			assertThatThrownBy(() -> this.client.resumeWorkflow(id, big)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("size limit of 65536 bytes");
			assertThatThrownBy(() -> this.client.terminateWorkflow(id, big)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("size limit of 65536 bytes");
			assertThat(this.client.getInstanceHistory(id)).as("nothing written")
				.noneMatch(e -> e instanceof dev.workflow.history.ExecutionSuspended
						|| e instanceof dev.workflow.history.ExecutionResumed
						|| e instanceof dev.workflow.history.ExecutionTerminated);
		}
		finally {
			this.client.terminateWorkflow(id, null);
		}
		// an output over the limit fails the instance and is not stored
		WorkflowInstanceStatus out = run("bigOutput", 70_000);
		assertThat(out.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(out.getFailureDetails().getErrorMessage()).contains("size limit of 65536 bytes");
		assertThat(out.readOutputAs(String.class)).isNull();
		WorkflowInstanceStatus status = run("semantics_bigStatus", 70_000);
		assertThat(status.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(status.getFailureDetails().getErrorMessage()).contains("custom status").contains("size limit of 65536");
		assertThat(status.readCustomStatusAs(String.class)).isNull();
		WorkflowInstanceStatus next = run("semantics_bigContinue", 70_000);
		assertThat(next.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(next.getFailureDetails().getErrorMessage()).contains("continueAsNew").contains("size limit of 65536");
		// a failure message of any size from user code is shortened to fit
		WorkflowInstanceStatus failed = run("semantics_bigFailure", 500_000);
		assertThat(failed.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
		assertThat(failed.getFailureDetails().getErrorMessage()).contains("truncated").hasSizeLessThan(65536 / 4);
		assertThat(failed.getFailureDetails().getStackTrace()).hasSizeLessThan(65536 / 4);
	}

	@Test
	void semantics_listingWithCreationBoundsAtTheExtremesGivesTheSameAnswerOnEveryBackend() throws Exception {
		String id = this.client.scheduleNewWorkflow("semantics_listed", null, id("sem-list"));
		complete(id);
		WorkflowQuery named = new WorkflowQuery().setName("semantics_listed");
		assertThat(this.client.listInstances(new WorkflowQuery().setCreatedFrom(Instant.MAX)).getWorkflowInstances()).isEmpty();
		assertThat(this.client.listInstances(new WorkflowQuery().setCreatedTo(Instant.MIN)).getWorkflowInstances()).isEmpty();
		assertThat(this.client.listInstances(named.setCreatedFrom(Instant.MIN)).getWorkflowInstances())
			.extracting(WorkflowInstanceStatus::getInstanceId)
			.contains(id);
		assertThat(this.client.listInstances(named.setCreatedFrom(null).setCreatedTo(Instant.MAX)).getWorkflowInstances())
			.extracting(WorkflowInstanceStatus::getInstanceId)
			.contains(id);
	}

	@Test
	void semantics_anEventRaisedBeforeAScheduledStartIsKeptForTheRun() throws Exception {
		String id = this.client.scheduleNewWorkflow("approval", new NewWorkflowOptions().setInstanceId(id("sem-early"))
			.setInput(30_000)
			.setStartTime(Instant.now().plusMillis(800)));
		this.client.raiseEvent(id, "approve", "before the start");
		WorkflowInstanceStatus s = complete(id);
		assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(String.class)).isEqualTo("before the start");
	}

	// ---- issue 12, actors ----

	@Test
	void actors_eventsRaisedByOneCallerArriveInOrder() throws Exception {
		String id = this.client.scheduleNewWorkflow("actors_collect", null, id("actors-order"));
		List<Integer> sent = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			this.client.raiseEvent(id, "n", i);
			sent.add(i);
		}
		this.client.raiseEvent(id, "n", -1);
		WorkflowInstanceStatus s = this.client.waitForInstanceCompletion(id, Duration.ofSeconds(90), true);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(List.of(s.readOutputAs(Integer[].class))).containsExactlyElementsOf(sent);
	}

	@Test
	void actors_interruptedRaiseEventIsWrittenExactlyWhenItReturns() throws Exception {
		String id = this.client.scheduleNewWorkflow("actors_collect", null, id("actors-intr"));
		this.client.waitForInstanceStart(id, WAIT, false);
		List<Integer> returned = java.util.Collections.synchronizedList(new ArrayList<>());
		List<Integer> threw = java.util.Collections.synchronizedList(new ArrayList<>());
		int interrupted = interruptWhile(300, i -> {
			try {
				this.client.raiseEvent(id, "n", i);
				returned.add(i);
			}
			catch (RuntimeException ex) {
				threw.add(i);
			}
		}, 12, 2_000_000);
		this.client.raiseEvent(id, "n", -1);
		WorkflowInstanceStatus s = this.client.waitForInstanceCompletion(id, Duration.ofSeconds(90), true);
		assertThat(interrupted).as("calls the caller was interrupted in").isPositive();
		// every call that returned wrote its event once, in order; a call that threw wrote nothing
		assertThat(List.of(s.readOutputAs(Integer[].class))).as("events in history; calls that threw: %s", threw)
			.containsExactlyElementsOf(returned);
	}

	@Test
	void actors_interruptedScheduleCreatesExactlyWhenItReturns() throws Exception {
		String prefix = id("actors-intr-start");
		List<Integer> returned = java.util.Collections.synchronizedList(new ArrayList<>());
		List<Integer> threw = java.util.Collections.synchronizedList(new ArrayList<>());
		int interrupted = interruptWhile(200, i -> {
			try {
				this.client.scheduleNewWorkflow("actors_noop", i, prefix + "-" + i);
				returned.add(i);
			}
			catch (RuntimeException ex) {
				threw.add(i);
			}
		}, 12, 2_000_000);
		assertThat(interrupted).as("calls the caller was interrupted in").isPositive();
		for (int i = 0; i < 200; i++) {
			WorkflowInstanceStatus s = this.client.getInstanceState(prefix + "-" + i, false);
			if (returned.contains(i)) {
				assertThat(s).as("instance %s, whose schedule call returned", i).isNotNull();
			}
			else {
				assertThat(s).as("instance %s, whose schedule call threw", i).isNull();
			}
		}
		// a retry of a call that threw creates the instance (nothing half-written blocks it)
		for (int i : threw) {
			this.client.scheduleNewWorkflow("actors_noop", i, prefix + "-" + i);
		}
		for (int i = 0; i < 200; i++) {
			assertThat(complete(prefix + "-" + i).readOutputAs(Integer.class)).isEqualTo(i);
		}
	}

	/**
	 * Runs numbered calls on one thread while the calling thread interrupts it at random moments
	 * (pauses of up to {@code maxPauseNanos}, from a seeded random), clearing the flag after each
	 * call. Shared by the interrupt tests here and in the actors placement tests.
	 * @return how many calls ended with the interrupt flag set
	 */
	public static int interruptWhile(int calls, java.util.function.IntConsumer call, long seed, int maxPauseNanos)
			throws InterruptedException {
		AtomicInteger interrupted = new AtomicInteger();
		java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
		Thread caller = new Thread(() -> {
			for (int i = 0; i < calls; i++) {
				call.accept(i);
				if (Thread.interrupted()) {
					interrupted.incrementAndGet();
				}
			}
			done.set(true);
		}, "interrupted-caller");
		caller.start();
		java.util.Random random = new java.util.Random(seed);
		while (!done.get()) {
			caller.interrupt();
			java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(maxPauseNanos));
		}
		caller.join();
		return interrupted.get();
	}


	// ---- issue 12, workers ----

	private static final java.util.Set<String> workersFinished = ConcurrentHashMap.newKeySet();

	/** Start and end (nanoTime) of the runs of workers_sleep that completed, per instance. */
	private static final Map<String, List<long[]>> workersSleeps = new ConcurrentHashMap<>();

	/** Thread names on which workers_hang saw an interrupt, per key. */
	private static final Map<String, List<String>> workersInterrupts = new ConcurrentHashMap<>();

	/** Task ids workers_hang was called with, per key. */
	private static final Map<String, java.util.Set<Integer>> workersHangCalls = new ConcurrentHashMap<>();

	private static volatile java.util.concurrent.CountDownLatch workersStubbornRelease = new java.util.concurrent.CountDownLatch(0);

	private static int workersRecurse(int depth) {
		return workersRecurse(depth + 1) + 1;
	}

	private static String workersHang(int taskId, String key) {
		workersHangCalls.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(taskId);
		try {
			Thread.sleep(60_000);
			return "woke";
		}
		catch (InterruptedException ex) {
			workersInterrupts.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
				.add(Thread.currentThread().getName());
			return "interrupted";
		}
	}

	/** Hangs until the test releases it, ignoring interrupts: the worst case of a hung activity. */
	private static String workersStubborn() {
		java.util.concurrent.CountDownLatch release = workersStubbornRelease;
		while (true) {
			try {
				release.await();
				return "released";
			}
			catch (InterruptedException ex) {
				// ignored on purpose
			}
		}
	}

	private void workersRunMoreThanThreads(WorkflowRuntime rt) throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			ids.add(rt.client().scheduleNewWorkflow("hello", "n" + i, id("workers-after")));
		}
		for (String id : ids) {
			WorkflowInstanceStatus s = rt.client().waitForInstanceCompletion(id, WAIT, true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		}
	}

	@Test
	void workersWorkflowThatOverflowsTheStackEndsFailedAndWorkersSurvive() throws Exception {
		for (int i = 0; i < 3; i++) {
			WorkflowInstanceStatus s = run("workers_deepRecursion", null);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
			assertThat(s.getFailureDetails().getErrorType()).isEqualTo(StackOverflowError.class.getName());
			assertThat(s.getFailureDetails().getErrorMessage()).contains("3 times");
		}
		workersRunMoreThanThreads(this.runtime);
	}

	@Test
	void workersActivityErrorsBecomeTaskFailedAndWorkersSurvive() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(run("workers_catchActivityError", "workers_oom").readOutputAs(String.class))
				.isEqualTo("caught " + OutOfMemoryError.class.getName());
			assertThat(run("workers_catchActivityError", "workers_stackOverflow").readOutputAs(String.class))
				.isEqualTo("caught " + StackOverflowError.class.getName());
		}
		workersRunMoreThanThreads(this.runtime);
	}

	@Test
	void workersCommitThatAlwaysFailsEndsFailedAfterMaxAttempts() throws Exception {
		AtomicInteger injected = new AtomicInteger();
		List<WorkflowTurnCommit> failedCommits = java.util.Collections.synchronizedList(new ArrayList<>());
		FaultInjectingBackend backend = new FaultInjectingBackend(createBackend("workers_commit", Map.of()))
			.beforeCompleteWorkflow((item, result) -> {
				if (item.instanceId().startsWith("workers-commitfail")) {
					if (result.status() != WorkflowRuntimeStatus.FAILED) {
						injected.incrementAndGet();
						throw new IllegalStateException("injected commit failure");
					}
					failedCommits.add(result);
				}
			});
		WorkflowRuntime rt = WorkflowRuntime.builder()
			.backend(backend)
			.maxWorkItemAttempts(3)
			.registerWorkflow("workers_startsChild", (ctx, in) -> ctx.callChildWorkflow("workers_child", in, String.class)
				.await(), String.class)
			.registerWorkflow("workers_child", (ctx, in) -> in, String.class)
			.build();
		try {
			rt.start();
			String id = rt.client().scheduleNewWorkflow("workers_startsChild", "x", id("workers-commitfail"));
			WorkflowInstanceStatus s = rt.client().waitForInstanceCompletion(id, WAIT, true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.FAILED);
			assertThat(s.getFailureDetails().getErrorMessage()).contains("3 times").contains("injected commit failure");
			assertThat(injected.get()).isEqualTo(3);
			assertThat(failedCommits).hasSize(1);
			WorkflowTurnCommit last = failedCommits.get(0);
			assertThat(last.activities()).isEmpty();
			assertThat(last.timers()).isEmpty();
			assertThat(last.outbox()).isEmpty();
			// the runtime still runs other instances
			String other = rt.client().scheduleNewWorkflow("workers_child", "y", id("workers-other"));
			assertThat(rt.client().waitForInstanceCompletion(other, WAIT, true).readOutputAs(String.class)).isEqualTo("y");
		}
		finally {
			rt.close();
		}
	}

	@Test
	void workersOneBlockedLeaseRenewalDoesNotDelayOthers() throws Exception {
		Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
		Map<String, List<Long>> times = new ConcurrentHashMap<>();
		java.util.concurrent.CountDownLatch unblock = new java.util.concurrent.CountDownLatch(1);
		FaultInjectingBackend backend = new FaultInjectingBackend(createBackend("workers_lease",
				Map.of("orchestration-lock-timeout", "1s", "activity-lock-timeout", "1s")))
			.beforeRenewWorkflow(item -> {
				times.computeIfAbsent(item.instanceId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
					.add(System.nanoTime());
				if (item.instanceId().startsWith("workers-blockedrenew")) {
					try {
						unblock.await(30, java.util.concurrent.TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			});
		WorkflowRuntime rt = WorkflowRuntime.builder()
			.backend(backend)
			.maxConcurrentWorkflows(3)
			.inlineActivities(false)
			.shutdownTimeout(Duration.ofSeconds(2))
			.registerWorkflow("workers_sleepy", (ctx, in) -> {
				runs.computeIfAbsent(ctx.getInstanceId(), k -> new AtomicInteger()).incrementAndGet();
				long start = System.nanoTime();
				Thread.sleep(2500);
				times.computeIfAbsent(ctx.getInstanceId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
					.addAll(List.of(start, System.nanoTime()));
				return "slept";
			}, Void.class)
			.build();
		try {
			rt.start();
			String blocked = rt.client().scheduleNewWorkflow("workers_sleepy", null, id("workers-blockedrenew"));
			Thread.sleep(100);
			String other = rt.client().scheduleNewWorkflow("workers_sleepy", null, id("workers-renewed"));
			assertThat(rt.client().waitForInstanceCompletion(other, WAIT, false).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			// its lease was renewed in time (never a gap of a lock timeout without a renewal while
			// its turn ran), so no other worker took the turn over and ran it again
			assertThat(runs.get(other).get()).isEqualTo(1);
			List<Long> t = new ArrayList<>(times.get(other));
			long start = t.get(t.size() - 2);
			long end = t.get(t.size() - 1);
			List<Long> points = new ArrayList<>(t.subList(0, t.size() - 2).stream()
				.filter(x -> x > start && x < end)
				.toList());
			points.add(start);
			points.add(end);
			java.util.Collections.sort(points);
			long maxGapMillis = 0;
			for (int i = 1; i < points.size(); i++) {
				maxGapMillis = Math.max(maxGapMillis, (points.get(i) - points.get(i - 1)) / 1_000_000);
			}
			assertThat(maxGapMillis).as("longest time without a renewal while the turn ran, ms").isLessThan(1000);
			unblock.countDown();
			rt.client().waitForInstanceCompletion(blocked, WAIT, false);
		}
		finally {
			unblock.countDown();
			rt.close();
		}
	}

	@Test
	void workersHungActivitiesDoNotStopTheEngine() throws Exception {
		workersStubbornRelease = new java.util.concurrent.CountDownLatch(1);
		WorkflowRuntime rt = WorkflowRuntime.builder()
			.backend(createBackend("workers_hung", Map.of()))
			.maxConcurrentWorkflows(2)
			.shutdownTimeout(Duration.ofSeconds(2))
			.registerActivity("workers_stubborn", (ctx, key) -> workersStubborn(), String.class)
			.registerActivity("greet", (ctx, name) -> "Hello, " + name + "!", String.class)
			.registerWorkflow("workers_hangOne", (ctx, key) -> ctx.callActivity("workers_stubborn", key, String.class)
				.await(), String.class)
			.registerWorkflow("hello", (ctx, name) -> ctx.callActivity("greet", name, String.class).await(), String.class)
			.build();
		try {
			rt.start();
			List<String> hung = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				hung.add(rt.client().scheduleNewWorkflow("workers_hangOne", "k" + i, id("workers-hung")));
			}
			Thread.sleep(500);
			String trivial = rt.client().scheduleNewWorkflow("hello", "still", id("workers-trivial"));
			assertThat(rt.client().waitForInstanceCompletion(trivial, WAIT, true).readOutputAs(String.class))
				.isEqualTo("Hello, still!");
			for (String id : hung) {
				rt.client().terminateWorkflow(id, null);
			}
			for (String id : hung) {
				assertThat(rt.client().waitForInstanceCompletion(id, WAIT, false).getRuntimeStatus())
					.isEqualTo(WorkflowRuntimeStatus.TERMINATED);
			}
		}
		finally {
			workersStubbornRelease.countDown();
			rt.close();
		}
	}

	@Test
	void workersSuspendIsVisibleWhileTheActivityHangs() throws Exception {
		workersStubbornRelease = new java.util.concurrent.CountDownLatch(1);
		try {
			String id = this.client.scheduleNewWorkflow("workers_hangOne", "s", id("workers-suspend"));
			awaitStatus(id, s -> s.getRuntimeStatus() == WorkflowRuntimeStatus.RUNNING);
			this.client.suspendWorkflow(id, "hold");
			awaitStatus(id, s -> s.getRuntimeStatus() == WorkflowRuntimeStatus.SUSPENDED);
			this.client.terminateWorkflow(id, null);
			awaitStatus(id, s -> s.getRuntimeStatus() == WorkflowRuntimeStatus.TERMINATED);
		}
		finally {
			workersStubbornRelease.countDown();
		}
	}

	@Test
	void workersStatusIsRunningWhileTheFirstActivityRuns() throws Exception {
		String key = id("workers-running");
		String id = this.client.scheduleNewWorkflow("workers_slowFirst", key, key);
		awaitStatus(id, s -> s.getRuntimeStatus() != WorkflowRuntimeStatus.PENDING);
		assertThat(workersFinished).doesNotContain(key);
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		assertThat(complete(id).readOutputAs(String.class)).isEqualTo(key);
	}

	@Test
	void workersFanOutActivitiesRunConcurrently() throws Exception {
		long t0 = System.nanoTime();
		WorkflowInstanceStatus s = run("workers_fanOut", 5);
		Duration took = Duration.ofNanos(System.nanoTime() - t0);
		assertThat(s.readOutputAs(Integer.class)).isEqualTo(5);
		assertThat(took).isLessThan(Duration.ofSeconds(4));
		// the five runs that completed overlapped: none started after another had finished
		List<long[]> done = workersSleeps.get(s.getInstanceId());
		assertThat(done).hasSize(5);
		long lastStart = done.stream().mapToLong(r -> r[0]).max().getAsLong();
		long firstEnd = done.stream().mapToLong(r -> r[1]).min().getAsLong();
		assertThat(lastStart).isLessThan(firstEnd);
	}

	@Test
	void workersActivityTimeoutSurfacesAsTaskFailedAndInterruptsTheActivity() throws Exception {
		String key = id("workers-timeout");
		String out = run("workers_timeout", key).readOutputAs(String.class);
		assertThat(out).startsWith(TimeoutException.class.getName() + "|")
			.contains("'workers_hang'")
			.contains("PT0.5S");
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline && !workersInterrupts.getOrDefault(key, List.of()).stream()
			.anyMatch(n -> n.startsWith("workflow-activity-"))) {
			Thread.sleep(20);
		}
		assertThat(workersInterrupts.get(key)).anyMatch(n -> n.startsWith("workflow-activity-"));
	}

	@Test
	void workersTimeoutsAreRetriedByTheRetryPolicy() throws Exception {
		String key = id("workers-timeoutretry");
		assertThat(run("workers_timeoutRetry", key).readOutputAs(String.class)).isEqualTo(TimeoutException.class.getName());
		assertThat(workersHangCalls.get(key)).hasSize(2);
	}

	@Test
	void workersTaskOptionsRejectBadTimeouts() {
		assertThatThrownBy(() -> TaskOptions.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("timeout");
		assertThatThrownBy(() -> TaskOptions.withTimeout(Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("timeout");
		assertThatThrownBy(() -> TaskOptions.withTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("timeout")
			.hasMessageContaining("at most");
		assertThatThrownBy(() -> TaskOptions.withAppId(null)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("appId");
		assertThatThrownBy(() -> TaskOptions.builder().appId(" ").build()).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("appId");
		TaskOptions o = TaskOptions.builder().timeout(Duration.ofSeconds(3)).appId("billing").build();
		assertThat(o.getTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(o.getAppId()).isEqualTo("billing");
		assertThat(o.getRetryPolicy()).isNull();
	}


	// ---- issue 12, sql ----

	/** The latest instant the engine lets a timer fire at; every backend must keep it in the future. */
	private static final Instant SQL_LAST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

	private static final int SQL_CREATORS = 32;

	/**
	 * Schedules one instance id from {@link #SQL_CREATORS} threads at once with one reuse policy;
	 * returns, per caller, null for success or the exception it got.
	 */
	private List<Throwable> sqlCreateFromManyThreads(String id, NewWorkflowOptions.ReusePolicy policy)
			throws Exception {
		return ConcurrentCreates.race(List.of(this.client), SQL_CREATORS, "sql_waitForever", id, policy,
				Duration.ofSeconds(60));
	}

	private long sqlStartedEvents(String id) {
		return this.runtime.backend().getHistory(id).stream().filter(ExecutionStarted.class::isInstance).count();
	}

	/** After a create race the instance is one healthy run: it starts once and obeys terminate. */
	private void sqlAssertOneHealthyRun(String id) throws Exception {
		awaitStatus(id, s -> s.getRuntimeStatus() == WorkflowRuntimeStatus.RUNNING);
		awaitStatus(id, s -> sqlStartedEvents(id) >= 1);
		assertThat(sqlStartedEvents(id)).as("ExecutionStarted events in the history of %s", id).isEqualTo(1);
		this.client.terminateWorkflow(id, "sql_done");
		assertThat(complete(id).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
		assertThat(sqlStartedEvents(id)).isEqualTo(1);
	}

	@Test
	void sqlCreateRaceWithErrorHasExactlyOneWinner() throws Exception {
		String id = id("sql_createError");
		List<Throwable> outcomes = sqlCreateFromManyThreads(id, NewWorkflowOptions.ReusePolicy.ERROR);
		assertThat(outcomes.stream().filter(java.util.Objects::isNull).count()).isEqualTo(1);
		assertThat(outcomes.stream().filter(java.util.Objects::nonNull))
			.hasSize(SQL_CREATORS - 1)
			.allSatisfy(ex -> assertThat(ex).isInstanceOf(WorkflowInstanceExistsException.class));
		sqlAssertOneHealthyRun(id);
	}

	@Test
	void sqlCreateRaceWithIgnoreSucceedsForEveryCallerAndStartsOnce() throws Exception {
		String id = id("sql_createIgnore");
		List<Throwable> outcomes = sqlCreateFromManyThreads(id, NewWorkflowOptions.ReusePolicy.IGNORE);
		assertThat(outcomes).allSatisfy(ex -> assertThat(ex).isNull());
		sqlAssertOneHealthyRun(id);
	}

	@Test
	void sqlCreateRaceWithTerminateSucceedsForEveryCallerAndLeavesOneRun() throws Exception {
		String id = id("sql_createTerminate");
		List<Throwable> outcomes = sqlCreateFromManyThreads(id, NewWorkflowOptions.ReusePolicy.TERMINATE);
		assertThat(outcomes).allSatisfy(ex -> assertThat(ex).isNull());
		sqlAssertOneHealthyRun(id);
	}

	@Test
	void sqlListingWithExtremeCreationBoundsAnswersAsTheBoundsSay() throws Exception {
		String id = this.client.scheduleNewWorkflow("hello", "bounds", id("sql_bounds"));
		complete(id);
		assertThat(this.client.listInstances(new WorkflowQuery().setCreatedFrom(Instant.MAX)).getWorkflowInstances())
			.isEmpty();
		assertThat(this.client.listInstances(new WorkflowQuery().setCreatedTo(Instant.MIN)).getWorkflowInstances())
			.isEmpty();
		assertThat(this.client.listInstances(new WorkflowQuery().setCreatedFrom(SQL_LAST_INSTANT)).getWorkflowInstances())
			.isEmpty();
		assertThat(this.client.listInstances(new WorkflowQuery().setName("hello")
			.setCreatedFrom(Instant.MIN)
			.setCreatedTo(Instant.MAX)
			.setPageSize(1000)).getWorkflowInstances()).extracting(WorkflowInstanceStatus::getInstanceId).contains(id);
	}

	@Test
	void sqlTimerAtTheLastSupportedInstantStaysPending() throws Exception {
		String id = this.client.scheduleNewWorkflow("sql_farTimer", null, id("sql_farTimer"));
		awaitStatus(id, s -> this.runtime.backend().getHistory(id).stream().anyMatch(TimerCreated.class::isInstance));
		assertThatThrownBy(() -> this.client.waitForInstanceCompletion(id, Duration.ofSeconds(2), false))
			.isInstanceOf(TimeoutException.class);
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		this.client.terminateWorkflow(id, null);
		assertThat(complete(id).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
	}


	// ---- issue 13, lifecycle ----

	/**
	 * A Spring context stop and start (or a DevTools restart) stops the runtime and starts it again:
	 * the backend must reopen what its stop closed (pools, listener threads, schedulers) and the
	 * engine its own threads, so that work runs after the second start as after the first.
	 */
	@Test
	void lifecycleStopThenStartRunsWorkAgain() throws Exception {
		WorkflowRuntime rt = WorkflowRuntime.builder()
			.backend(createBackend("lifecycle", Map.of()))
			.registerActivity("greet", (ctx, name) -> "Hello, " + name + "!", String.class)
			.registerWorkflow("lifecycle_greetTwice", (ctx, name) -> {
				String first = ctx.callActivity("greet", name, String.class).await();
				ctx.createTimer(Duration.ofMillis(100)).await();
				return first + " " + ctx.callActivity("greet", name + " again", String.class).await();
			}, String.class)
			.build();
		try {
			rt.start();
			String first = rt.client().scheduleNewWorkflow("lifecycle_greetTwice", "one", id("lifecycle-1"));
			assertThat(rt.client().waitForInstanceCompletion(first, WAIT, true).readOutputAs(String.class))
				.isEqualTo("Hello, one! Hello, one again!");
			rt.close();
			assertThat(rt.isRunning()).isFalse();
			rt.start();
			assertThat(rt.isRunning()).isTrue();
			String second = rt.client().scheduleNewWorkflow("lifecycle_greetTwice", "two", id("lifecycle-2"));
			assertThat(rt.client().waitForInstanceCompletion(second, WAIT, true).readOutputAs(String.class))
				.isEqualTo("Hello, two! Hello, two again!");
		}
		finally {
			rt.close();
		}
	}

}
