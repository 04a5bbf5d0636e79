package dev.workflow.backend;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.workflow.CompositeTaskFailedException;
import dev.workflow.FailureDetails;
import dev.workflow.NonRetriableException;
import dev.workflow.ParentInstance;
import dev.workflow.RetryPolicy;
import dev.workflow.Task;
import dev.workflow.TaskCanceledException;
import dev.workflow.TaskFailedException;
import dev.workflow.TaskOptions;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.EventSent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract tests for the Dapr Java SDK's context and task surface: no-input calls, ZonedDateTime
 * timers, parent instance, sendEvent, thenApply/thenAccept, composite allOf failures, retry
 * handlers, failure texts and details. Implemented by {@link WorkflowBackendContractTest}, so they
 * run on every backend.
 */
public interface DaprApiContract extends BackendUnderTest {

	/** Calls per key of the counting activities, shared by the tests of this interface. */
	Map<String, AtomicInteger> DAPI_CALLS = new ConcurrentHashMap<>();

	/** How long a test waits for an instance. */
	Duration DAPI_WAIT = Duration.ofSeconds(60);

	private static String dapiId(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	private static WorkflowInstanceStatus dapiRun(WorkflowRuntime rt, String workflow, Object input) throws Exception {
		String id = rt.client().scheduleNewWorkflow(workflow, input, dapiId(workflow));
		return rt.client().waitForInstanceCompletion(id, DAPI_WAIT, true);
	}

	private static String describeInput(Object input) {
		return input == null ? "no input" : "input " + input;
	}

	@Test
	default void noInputCallsSendNullInputAndReadTheResultType() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_noinput", b -> b
			.registerActivity("probe", (ctx, in) -> describeInput(in), String.class)
			.registerActivity("sink", (ctx, in) -> null, String.class)
			.registerWorkflow("childProbe", (ctx, in) -> describeInput(in), String.class)
			.registerWorkflow("noInput", (ctx, in) -> {
				String activity = ctx.callActivity("probe", String.class).await();
				String child = ctx.callChildWorkflow("childProbe", String.class).await();
				// the Void shapes: (name, input, options) and (name, input, instanceId, options)
				ctx.callActivity("sink", "x", TaskOptions.withRetryPolicy(RetryPolicy.builder().maxAttempts(2).build()))
					.await();
				ctx.callChildWorkflow("childProbe", "y", ctx.getInstanceId() + "-kid", (TaskOptions) null).await();
				String named = ctx.callChildWorkflow("childProbe", "z", ctx.getInstanceId() + "-kid2", String.class)
					.await();
				return activity + "|" + child + "|" + named;
			}, Void.class))) {
			WorkflowInstanceStatus s = dapiRun(rt, "noInput", null);
			assertThat(s.getRuntimeStatus()).as("failure: %s", s.getFailureDetails())
				.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("no input|no input|input z");
		}
	}

	@Test
	default void zonedTimerNameAndParentInstanceAreVisible() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_parent", b -> b
			.registerWorkflow("kid", (ctx, in) -> {
				ParentInstance p = ctx.getParentInstance();
				return ctx.getName() + " of " + p.getName() + "/" + p.getInstanceId() + " app " + p.getAppId();
			}, Void.class)
			.registerWorkflow("zoned", (ctx, in) -> {
				ZonedDateTime at = ctx.getCurrentInstant().plusMillis(300).atZone(ZoneId.of("Asia/Kolkata"));
				ctx.createTimer(at).await();
				boolean fired = !ctx.getCurrentInstant().isBefore(at.toInstant());
				return ctx.getName() + " top=" + (ctx.getParentInstance() == null) + " fired=" + fired + " input="
						+ ctx.getInput(String.class) + " | " + ctx.callChildWorkflow("kid", String.class).await();
			}, String.class))) {
			String id = rt.client().scheduleNewWorkflow("zoned", "in", dapiId("zoned"));
			WorkflowInstanceStatus s = rt.client().waitForInstanceCompletion(id, DAPI_WAIT, true);
			assertThat(s.readOutputAs(String.class))
				.isEqualTo("zoned top=true fired=true input=in | kid of zoned/" + id + " app null");
		}
	}

	@Test
	default void completeEndsTheRunWithItsOutput() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_complete", b -> b
			.registerActivity("id", (ctx, s) -> s, String.class)
			.registerWorkflow("completing", (ctx, in) -> {
				ctx.complete(ctx.callActivity("id", "early", String.class).await());
				return "late";
			}, Void.class))) {
			WorkflowInstanceStatus s = dapiRun(rt, "completing", null);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("early");
		}
	}

	@Test
	default void continueAsNewKeepsUnprocessedEventsByDefault() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_can", b -> b.registerWorkflow("keeper", (ctx, n) -> {
			if (n == 0) {
				ctx.waitForExternalEvent("go").await();
				ctx.waitForExternalEvent("tick", String.class).await();
				ctx.continueAsNew(1);
			}
			try {
				return "kept " + ctx.waitForExternalEvent("tick", Duration.ofSeconds(5), String.class).await();
			}
			catch (TaskCanceledException ex) {
				return "dropped";
			}
		}, Integer.class))) {
			String id = rt.client().scheduleNewWorkflow("keeper", 0, dapiId("keeper"));
			rt.client().raiseEvent(id, "tick", "a");
			rt.client().raiseEvent(id, "tick", "b");
			rt.client().raiseEvent(id, "go", null);
			WorkflowInstanceStatus s = rt.client().waitForInstanceCompletion(id, DAPI_WAIT, true);
			assertThat(s.readOutputAs(String.class)).isEqualTo("kept b");
		}
	}

	@Test
	default void failureTextsReadAsInDurabletask() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_texts", b -> b
			.registerActivity("Throw", (ctx, in) -> {
				throw new RuntimeException("Kah-BOOOOOM!!!");
			}, Void.class)
			.registerWorkflow("texts", (ctx, in) -> {
				String failed;
				try {
					ctx.callActivity("Throw").await();
					failed = "no failure";
				}
				catch (TaskFailedException ex) {
					failed = ex.getMessage() + " [" + ex.getFailureDetails().getErrorType() + "]";
				}
				try {
					ctx.waitForExternalEvent("MyEvent", Duration.ofMillis(300)).await();
					return failed + "|no timeout";
				}
				catch (TaskCanceledException ex) {
					return failed + "|" + ex.getMessage() + "|" + ex.getTaskId();
				}
			}, Void.class))) {
			WorkflowInstanceStatus s = dapiRun(rt, "texts", null);
			assertThat(s.readOutputAs(String.class)).isEqualTo(
					"Task 'Throw' (#0) failed with an unhandled exception: Kah-BOOOOOM!!! [java.lang.RuntimeException]"
							+ "|Timeout of PT0.3S expired while waiting for an event named 'MyEvent' (ID = 1).|1");
		}
	}

	@Test
	default void failureDetailsKeepCausesAndMatchBaseTypes() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_details", b -> b
			.registerActivity("nested", (ctx, in) -> {
				throw new IllegalStateException("outer", new IllegalArgumentException("root"));
			}, Void.class)
			.registerWorkflow("details", (ctx, in) -> ctx.callActivity("nested").await(), Void.class)
			.registerWorkflow("caught", (ctx, in) -> {
				try {
					ctx.callActivity("nested").await();
					return "no failure";
				}
				catch (TaskFailedException ex) {
					FailureDetails d = ex.getFailureDetails();
					FailureDetails inner = d.getInnerFailure();
					return d.isCausedBy(RuntimeException.class) + " " + d.isCausedBy(IllegalArgumentException.class)
							+ " " + inner.getErrorType() + ":" + inner.getErrorMessage() + " "
							+ inner.isCausedBy(IllegalArgumentException.class) + " " + d.isNonRetriable();
				}
			}, Void.class))) {
			assertThat(dapiRun(rt, "caught", null).readOutputAs(String.class))
				.isEqualTo("true false java.lang.IllegalArgumentException:root true false");
			FailureDetails instance = dapiRun(rt, "details", null).getFailureDetails();
			assertThat(instance.getErrorType()).isEqualTo(TaskFailedException.class.getName());
			assertThat(instance.isCausedBy(TaskFailedException.class)).isTrue();
			assertThat(instance.isCausedBy(Exception.class)).isTrue();
			assertThat(instance.isCausedBy(IllegalStateException.class)).isFalse();
			assertThat(instance.getErrorMessage())
				.isEqualTo("Task 'nested' (#0) failed with an unhandled exception: outer");
		}
	}

	@Test
	default void nonRetriableFailuresAreNotRetried() throws Exception {
		String key = dapiId("nonretriable");
		try (WorkflowRuntime rt = startRuntime("dapi_nonretry", b -> b
			.registerActivity("refuse", (ctx, k) -> {
				DAPI_CALLS.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
				throw new IllegalStateException("wrapped", new NonRetriableException("card declined"));
			}, String.class)
			.registerWorkflow("refusing", (ctx, k) -> {
				TaskOptions options = TaskOptions.builder()
					.retryPolicy(RetryPolicy.builder().maxAttempts(4).firstRetryInterval(Duration.ofMillis(10)).build())
					.retryHandler(rc -> true)
					.build();
				try {
					return ctx.callActivity("refuse", k, options, String.class).await();
				}
				catch (TaskFailedException ex) {
					return "nonRetriable=" + ex.getFailureDetails().isNonRetriable();
				}
			}, String.class))) {
			assertThat(dapiRun(rt, "refusing", key).readOutputAs(String.class)).isEqualTo("nonRetriable=true");
			assertThat(DAPI_CALLS.get(key)).hasValue(1);
		}
	}

	@Test
	default void thenApplyAndThenAcceptRunWhenTheTaskCompletes() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_then", b -> b
			.registerActivity("up", (ctx, s) -> s.toUpperCase(), String.class)
			.registerActivity("boom", (ctx, s) -> {
				throw new IllegalStateException("boom " + s);
			}, String.class)
			.registerWorkflow("then", (ctx, in) -> {
				List<String> seen = new ArrayList<>();
				String mapped = ctx.callActivity("up", "a", String.class).thenApply(s -> s + "!").await();
				ctx.callActivity("up", "b", String.class).thenAccept(seen::add).await();
				String failed;
				try {
					ctx.callActivity("boom", "c", String.class).thenApply(s -> "never").await();
					failed = "no failure";
				}
				catch (TaskFailedException ex) {
					failed = ex.getFailureDetails().getErrorMessage();
				}
				String thrown;
				try {
					ctx.callActivity("up", "d", String.class).thenApply(s -> {
						throw new IllegalArgumentException("fn " + s);
					}).await();
					thrown = "no failure";
				}
				catch (IllegalArgumentException ex) {
					thrown = ex.getMessage();
				}
				return mapped + "|" + seen + "|" + failed + "|" + thrown;
			}, Void.class))) {
			assertThat(dapiRun(rt, "then", null).readOutputAs(String.class)).isEqualTo("A!|[B]|boom c|fn D");
		}
	}

	@Test
	default void allOfFailsWithEveryFailureOnceAllAreDone() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_allof", b -> b
			.registerActivity("maybe", (ctx, n) -> {
				if (n % 2 == 1) {
					throw new IllegalStateException("odd " + n);
				}
				return n;
			}, Integer.class)
			.registerWorkflow("fanFail", (ctx, in) -> {
				List<Task<Integer>> tasks = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					tasks.add(ctx.callActivity("maybe", i, Integer.class));
				}
				try {
					ctx.allOf(tasks.get(0), tasks.get(1), tasks.get(2), tasks.get(3)).await();
					return "no failure";
				}
				catch (CompositeTaskFailedException ex) {
					StringBuilder out = new StringBuilder();
					for (Exception e : ex.getExceptions()) {
						out.append(((TaskFailedException) e).getFailureDetails().getErrorMessage()).append(',');
					}
					return out + " all done=" + tasks.stream().allMatch(Task::isDone) + " "
							+ ex.getMessage().startsWith("2 out of 4 tasks failed");
				}
			}, Void.class))) {
			assertThat(dapiRun(rt, "fanFail", null).readOutputAs(String.class)).isEqualTo("odd 1,odd 3, all done=true true");
		}
	}

	@Test
	default void retryHandlerDecidesOnRetriesForActivitiesAndChildren() throws Exception {
		String key = dapiId("handler");
		try (WorkflowRuntime rt = startRuntime("dapi_handler", b -> b
			.registerActivity("shaky", (ctx, k) -> {
				int n = DAPI_CALLS.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
				if (n < 3) {
					throw new IllegalStateException("shaky " + n);
				}
				return "ok after " + n;
			}, String.class)
			.registerWorkflow("alwaysFails", (ctx, in) -> {
				throw new IllegalStateException("child down");
			}, Void.class)
			.registerWorkflow("handled", (ctx, k) -> {
				List<String> seen = new ArrayList<>();
				TaskOptions options = TaskOptions.withRetryHandler(rc -> {
					seen.add(rc.getLastAttemptNumber() + ":" + rc.getLastFailure().getErrorMessage());
					// a delay chosen by the handler is a durable timer
					rc.getWorkflowContext().createTimer(Duration.ofMillis(50)).await();
					return rc.getLastAttemptNumber() < 5;
				});
				String result = ctx.callActivity("shaky", k, options, String.class).await();
				List<Integer> childAttempts = new ArrayList<>();
				String child;
				try {
					ctx.callChildWorkflow("alwaysFails", null, null, TaskOptions.builder().retryHandler(rc -> {
						childAttempts.add(rc.getLastAttemptNumber());
						return rc.getLastAttemptNumber() < 2;
					}).build(), String.class).await();
					child = "no failure";
				}
				catch (TaskFailedException ex) {
					child = ex.getFailureDetails().getErrorMessage();
				}
				return result + " " + seen + " " + child + " " + childAttempts;
			}, String.class))) {
			assertThat(dapiRun(rt, "handled", key).readOutputAs(String.class))
				.isEqualTo("ok after 3 [1:shaky 1, 2:shaky 2] child down [1, 2]");
		}
	}

	@Test
	default void sendEventReachesAnotherInstanceOnceAndIsDroppedForMissingOnes() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_send", b -> b
			.registerWorkflow("receiver", (ctx, in) -> {
				String first = ctx.waitForExternalEvent("ping", DAPI_WAIT, String.class).await();
				try {
					ctx.waitForExternalEvent("ping", Duration.ofMillis(1500), String.class).await();
					return first + " and a second one";
				}
				catch (TaskCanceledException ex) {
					return first + " once";
				}
			}, Void.class)
			.registerWorkflow("sender", (ctx, target) -> {
				ctx.sendEvent(target, "ping", "hello from " + ctx.getName());
				ctx.sendEvent("missing-" + ctx.getInstanceId(), "ping", "nobody");
				// a later turn replays the sends: they must not go out again
				ctx.createTimer(Duration.ofMillis(100)).await();
				return "sent";
			}, String.class))) {
			String receiver = rt.client().scheduleNewWorkflow("receiver", null, dapiId("receiver"));
			WorkflowInstanceStatus sender = dapiRun(rt, "sender", receiver);
			assertThat(sender.getRuntimeStatus()).as("failure: %s", sender.getFailureDetails())
				.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(rt.client().getInstanceHistory(sender.getInstanceId()).stream()
				.filter(EventSent.class::isInstance)).hasSize(2);
			WorkflowInstanceStatus s = rt.client().waitForInstanceCompletion(receiver, DAPI_WAIT, true);
			assertThat(s.readOutputAs(String.class)).isEqualTo("hello from sender once");
		}
	}

	@Test
	default void sendEventBeforeTheWorkflowReturnsStillGoesOut() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_sendend", b -> b
			.registerWorkflow("listener", (ctx, in) -> ctx.waitForExternalEvent("done", DAPI_WAIT, String.class).await(),
					Void.class)
			.registerWorkflow("notifier", (ctx, target) -> {
				ctx.sendEvent(target, "done", "bye");
				return "returned";
			}, String.class))) {
			String listener = rt.client().scheduleNewWorkflow("listener", null, dapiId("listener"));
			assertThat(dapiRun(rt, "notifier", listener).readOutputAs(String.class)).isEqualTo("returned");
			assertThat(rt.client().waitForInstanceCompletion(listener, DAPI_WAIT, true).readOutputAs(String.class))
				.isEqualTo("bye");
		}
	}

	@Test
	default void activityContextHasALoggerNamedAfterTheActivityAndTheInput() throws Exception {
		try (WorkflowRuntime rt = startRuntime("dapi_actlog", b -> b
			.registerActivity("logs", (ctx, in) -> {
				ctx.getLogger().info("activity {} runs", ctx.getName());
				return ctx.getLogger().getName() + " trace=" + ctx.getTraceParent() + " input=" + in + "/"
						+ ctx.getInput(String.class);
			}, String.class)
			.registerWorkflow("logging", (ctx, in) -> ctx.callActivity("logs", "hi", String.class).await(),
					Void.class))) {
			String output = dapiRun(rt, "logging", null).readOutputAs(String.class);
			assertThat(output).startsWith("dev.workflow.activity.logs trace=00-").endsWith("-01 input=hi/hi");
			// a valid W3C traceparent: version 00, 32 hex trace id, 16 hex span id, flags
			assertThat(output).containsPattern(" trace=00-[0-9a-f]{32}-[0-9a-f]{16}-01 ");
		}
	}

}
