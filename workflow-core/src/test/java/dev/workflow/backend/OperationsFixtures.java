package dev.workflow.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the schedule and retention tests share: the workflows schedules start, a count of how often
 * each run's body ran (to prove one start per due time), and polling helpers.
 */
public final class OperationsFixtures {

	/** How often the body of each run ran, by instance id. */
	public static final Map<String, AtomicInteger> RAN = new ConcurrentHashMap<>();

	private OperationsFixtures() {
	}

	/**
	 * Registers "ops-tick" (counts itself and returns its input), "ops-hold" (counts itself and
	 * waits for the event "release") and "ops-fail" (fails).
	 * @param b the builder
	 */
	public static void register(WorkflowRuntime.Builder b) {
		b.registerWorkflow("ops-tick", (ctx, input) -> {
			ctx.callActivity("ops-count", ctx.getInstanceId(), Integer.class).await();
			return input;
		}, String.class);
		b.registerWorkflow("ops-hold", (ctx, input) -> {
			ctx.callActivity("ops-count", ctx.getInstanceId(), Integer.class).await();
			ctx.waitForExternalEvent("release").await();
			return input;
		}, String.class);
		b.registerWorkflow("ops-fail", (ctx, input) -> {
			throw new IllegalStateException("ops-fail fails on purpose");
		}, String.class);
		b.registerActivity("ops-count",
				(ctx, id) -> RAN.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet(), String.class);
	}

	/**
	 * A fresh schedule id.
	 * @param prefix what it is for
	 * @return the id
	 */
	public static String scheduleId(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * The runs a schedule started, sorted by id.
	 * @param client a client
	 * @param scheduleId the schedule
	 * @return the runs
	 */
	public static List<WorkflowInstanceStatus> runs(WorkflowClient client, String scheduleId) {
		List<WorkflowInstanceStatus> all = new ArrayList<>();
		String token = null;
		do {
			WorkflowQueryResult page = client.listInstances(new WorkflowQuery().setInstanceIdPrefix(scheduleId + "-")
				.setFetchInputsAndOutputs(true)
				.setPageSize(1000)
				.setContinuationToken(token));
			all.addAll(page.getWorkflowInstances());
			token = page.getContinuationToken();
		}
		while (token != null);
		all.sort((x, y) -> x.getInstanceId().compareTo(y.getInstanceId()));
		return all;
	}

	/**
	 * The due times (epoch seconds) of a schedule's regular runs.
	 * @param runs the runs
	 * @param scheduleId the schedule
	 * @return the seconds
	 */
	public static List<Long> dueSeconds(List<WorkflowInstanceStatus> runs, String scheduleId) {
		List<Long> seconds = new ArrayList<>();
		for (WorkflowInstanceStatus run : runs) {
			String suffix = run.getInstanceId().substring(scheduleId.length() + 1);
			if (!suffix.startsWith("t")) {
				seconds.add(Long.parseLong(suffix));
			}
		}
		return seconds;
	}

	/**
	 * Waits until a condition holds.
	 * @param what what is awaited, for the failure message
	 * @param timeout how long at most
	 * @param condition the condition
	 */
	public static void await(String what, Duration timeout, BooleanSupplier condition) {
		Instant end = Instant.now().plus(timeout);
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waiting for " + what).isBefore(end);
			sleep(Duration.ofMillis(100));
		}
	}

	/**
	 * Sleeps.
	 * @param d how long
	 */
	public static void sleep(Duration d) {
		try {
			Thread.sleep(d.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Checks that every run of a schedule finished and its body ran exactly once.
	 * @param client a client
	 * @param scheduleId the schedule
	 */
	public static void assertEachRunRanOnce(WorkflowClient client, String scheduleId) throws Exception {
		for (WorkflowInstanceStatus run : runs(client, scheduleId)) {
			client.waitForInstanceCompletion(run.getInstanceId(), Duration.ofSeconds(30), false);
			assertThat(RAN.get(run.getInstanceId())).as("runs of " + run.getInstanceId()).hasValue(1);
		}
	}

}
