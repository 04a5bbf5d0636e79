package dev.workflow.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntime;

/**
 * Activities on platform threads against virtual threads, with blocking activities (each sleeps
 * {@code bench.sleepMillis}, default 20 ms) and {@code bench.concurrency} (default 200) activity
 * workers, on the in-memory actors backend so the store does not dominate. Each mode starts
 * {@code bench.workflows} (default 2,000) workflows of one activity at once, after a warm-up, and
 * reports wall time, activities per second and the peak of live threads. Needs Java 21+ for the
 * virtual mode (run with a Java 21+ {@code java}); prints a markdown table.
 */
public final class VirtualThreadsBenchmark {

	private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 200);

	private static final int WORKFLOWS = Integer.getInteger("bench.workflows", 2000);

	private static final int SLEEP_MILLIS = Integer.getInteger("bench.sleepMillis", 20);

	private static final int RUNS = Integer.getInteger("bench.runs", 3);

	private VirtualThreadsBenchmark() {
	}

	/** A measured run. */
	private record Result(double seconds, double perSecond, int peakThreads) {
	}

	public static void main(String[] args) throws Exception {
		ThreadFactory virtual = virtualThreadFactory();
		System.out.printf("Java %s, %d cores; %d workflows of one activity sleeping %d ms; %d activity workers; "
				+ "median of %d runs after a warm-up%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
				WORKFLOWS, SLEEP_MILLIS, CONCURRENCY, RUNS);
		System.out.println("| activity threads | wall time (s) | activities/s | peak live threads |");
		System.out.println("|---|---|---|---|");
		print("platform", measure(null));
		if (virtual == null) {
			System.out.println("| virtual | (needs Java 21+) | | |");
		}
		else {
			print("virtual", measure(virtual));
		}
	}

	private static void print(String mode, Result r) {
		System.out.printf("| %s | %.2f | %.0f | %d |%n", mode, r.seconds(), r.perSecond(), r.peakThreads());
	}

	private static Result measure(ThreadFactory factory) throws Exception {
		List<Result> results = new ArrayList<>();
		for (int run = 0; run <= RUNS; run++) {
			Result r = once(factory, run == 0 ? CONCURRENCY : WORKFLOWS);
			if (run > 0) {
				results.add(r);
			}
		}
		results.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
		return results.get(results.size() / 2);
	}

	private static Result once(ThreadFactory factory, int workflows) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		try (WorkflowRuntime runtime = WorkflowRuntime.builder()
			.backend("actors", java.util.Map.of("state-store", "memory"))
			.maxConcurrentActivities(CONCURRENCY)
			// every activity through the activity workers, whose threads are what is compared
			.inlineActivities(false)
			.activityThreadFactory(factory)
			.registerWorkflow("blocking", (ctx, in) -> ctx.callActivity("sleep", in, Integer.class).await(),
					Integer.class)
			.registerActivity("sleep", (ctx, in) -> {
				Thread.sleep(SLEEP_MILLIS);
				return in;
			}, Integer.class)
			.build()) {
			runtime.start();
			WorkflowClient client = runtime.client();
			System.gc();
			threads.resetPeakThreadCount();
			String prefix = UUID.randomUUID().toString().substring(0, 8);
			long start = System.nanoTime();
			List<String> ids = new ArrayList<>(workflows);
			for (int i = 0; i < workflows; i++) {
				ids.add(client.scheduleNewWorkflow("blocking", i, prefix + "-" + i));
			}
			for (String id : ids) {
				client.waitForInstanceCompletion(id, Duration.ofMinutes(5), false);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			return new Result(seconds, workflows / seconds, threads.getPeakThreadCount());
		}
	}

	/** {@code Thread.ofVirtual().factory()} through reflection (this module compiles for Java 17). */
	private static ThreadFactory virtualThreadFactory() {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			java.lang.reflect.Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
			return (ThreadFactory) factory.invoke(builder);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

}
