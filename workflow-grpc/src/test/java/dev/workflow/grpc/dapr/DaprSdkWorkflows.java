package dev.workflow.grpc.dapr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.dapr.durabletask.Task;
import io.dapr.durabletask.TaskCanceledException;
import io.dapr.durabletask.TaskFailedException;
import io.dapr.workflows.Workflow;
import io.dapr.workflows.WorkflowActivity;
import io.dapr.workflows.WorkflowStub;
import io.dapr.workflows.WorkflowTaskOptions;
import io.dapr.workflows.WorkflowTaskRetryPolicy;
import io.dapr.workflows.runtime.WorkflowRuntimeBuilder;

/**
 * Workflows and activities written with the real Dapr Java SDK (io.dapr:dapr-sdk-workflows 1.16.0),
 * run by its worker against our endpoint.
 */
final class DaprSdkWorkflows {

	/** Attempts of the flaky activity, by its input. */
	static final Map<String, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();

	private DaprSdkWorkflows() {
	}

	/**
	 * A new SDK worker (not started) for an endpoint. The SDK keeps one runtime per JVM in a static
	 * field of its builder and hands it out again on every build; it is cleared first, so that each
	 * test class gets a worker connected to its own endpoint.
	 */
	static io.dapr.workflows.runtime.WorkflowRuntime newWorker(io.dapr.config.Properties properties,
			java.util.concurrent.ExecutorService threads) {
		try {
			java.lang.reflect.Field instance = WorkflowRuntimeBuilder.class.getDeclaredField("instance");
			instance.setAccessible(true);
			instance.set(null, null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The Dapr SDK's WorkflowRuntimeBuilder changed: " + ex, ex);
		}
		return register(new WorkflowRuntimeBuilder(properties)).withExecutorService(threads).build();
	}

	static WorkflowRuntimeBuilder register(WorkflowRuntimeBuilder b) {
		return b.registerWorkflow(Chain.class)
			.registerWorkflow(FanOut.class)
			.registerWorkflow(Timer.class)
			.registerWorkflow(AwaitEvent.class)
			.registerWorkflow(EventTimeout.class)
			.registerWorkflow(Parent.class)
			.registerWorkflow(Child.class)
			.registerWorkflow(Counter.class)
			.registerWorkflow(CatchFailure.class)
			.registerWorkflow(Retry.class)
			.registerWorkflow(Status.class)
			.registerActivity("upper", Upper.class)
			.registerActivity("reverse", Reverse.class)
			.registerActivity("exclaim", Exclaim.class)
			.registerActivity("square", Square.class)
			.registerActivity("boom", Boom.class)
			.registerActivity("flaky", Flaky.class);
	}

	/** Three activities in a row. */
	public static class Chain implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> {
				String s = ctx.getInput(String.class);
				s = ctx.callActivity("upper", s, String.class).await();
				s = ctx.callActivity("reverse", s, String.class).await();
				ctx.complete(ctx.callActivity("exclaim", s, String.class).await());
			};
		}

	}

	/** Squares 1..n in parallel and sums them. */
	public static class FanOut implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> {
				int n = ctx.getInput(Integer.class);
				List<Task<Integer>> tasks = new ArrayList<>();
				for (int i = 1; i <= n; i++) {
					tasks.add(ctx.callActivity("square", i, Integer.class));
				}
				ctx.complete(ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum());
			};
		}

	}

	/** A durable timer. */
	public static class Timer implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> {
				ctx.createTimer(Duration.ofMillis(300)).await();
				ctx.complete("timer fired");
			};
		}

	}

	/** Waits for the event "go". */
	public static class AwaitEvent implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> ctx.complete("got " + ctx.waitForExternalEvent("go", Duration.ofMinutes(5), String.class).await());
		}

	}

	/** Waits for an event that never comes, with a timeout. */
	public static class EventTimeout implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> {
				try {
					ctx.waitForExternalEvent("never", Duration.ofMillis(300), String.class).await();
					ctx.complete("unexpected");
				}
				catch (TaskCanceledException ex) {
					ctx.complete("timed out");
				}
			};
		}

	}

	/** Calls the child workflow. */
	public static class Parent implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> ctx.complete("parent(" + ctx.callChildWorkflow(Child.class.getCanonicalName(),
					ctx.getInput(String.class), ctx.getInstanceId() + "-child", String.class).await() + ")");
		}

	}

	/** A child: one activity. */
	public static class Child implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> ctx.complete(ctx.callActivity("upper", ctx.getInput(String.class), String.class).await());
		}

	}

	/** Continues as new until its input reaches 3. */
	public static class Counter implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> {
				int n = ctx.getInput(Integer.class);
				if (n < 3) {
					ctx.continueAsNew(n + 1);
				}
				else {
					ctx.complete(n);
				}
			};
		}

	}

	/** Catches a failed activity. */
	public static class CatchFailure implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> {
				try {
					ctx.callActivity("boom", "x", String.class).await();
					ctx.complete("not failed");
				}
				catch (TaskFailedException ex) {
					ctx.complete("caught " + ex.getErrorDetails().getErrorMessage());
				}
			};
		}

	}

	/** Calls an activity that fails twice, with a retry policy of three attempts. */
	public static class Retry implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> {
				WorkflowTaskRetryPolicy policy = WorkflowTaskRetryPolicy.newBuilder()
					.setMaxNumberOfAttempts(3)
					.setFirstRetryInterval(Duration.ofMillis(100))
					.build();
				ctx.complete(ctx.callActivity("flaky", ctx.getInstanceId(), new WorkflowTaskOptions(policy), String.class)
					.await());
			};
		}

	}

	/** Sets a custom status, then waits for "go". */
	public static class Status implements Workflow {

		@Override
		public WorkflowStub create() {
			return ctx -> {
				ctx.setCustomStatus("waiting for go");
				ctx.complete(ctx.waitForExternalEvent("go", Duration.ofMinutes(5), String.class).await());
			};
		}

	}

	public static class Upper implements WorkflowActivity {

		@Override
		public Object run(io.dapr.workflows.WorkflowActivityContext ctx) {
			return ctx.getInput(String.class).toUpperCase();
		}

	}

	public static class Reverse implements WorkflowActivity {

		@Override
		public Object run(io.dapr.workflows.WorkflowActivityContext ctx) {
			return new StringBuilder(ctx.getInput(String.class)).reverse().toString();
		}

	}

	public static class Exclaim implements WorkflowActivity {

		@Override
		public Object run(io.dapr.workflows.WorkflowActivityContext ctx) {
			return ctx.getInput(String.class) + "!";
		}

	}

	public static class Square implements WorkflowActivity {

		@Override
		public Object run(io.dapr.workflows.WorkflowActivityContext ctx) {
			int i = ctx.getInput(Integer.class);
			return i * i;
		}

	}

	public static class Boom implements WorkflowActivity {

		@Override
		public Object run(io.dapr.workflows.WorkflowActivityContext ctx) {
			throw new IllegalStateException("boom from the activity");
		}

	}

	public static class Flaky implements WorkflowActivity {

		@Override
		public Object run(io.dapr.workflows.WorkflowActivityContext ctx) {
			String key = ctx.getInput(String.class);
			int attempt = FLAKY_ATTEMPTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
			if (attempt < 3) {
				throw new IllegalStateException("flaky attempt " + attempt);
			}
			return "ok after " + attempt;
		}

	}

}
