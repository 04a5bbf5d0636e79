package dev.workflow.backend.actors.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * Prints what the actors backend's jdbc store costs as it grows (not a test: figures for the
 * notes): the H2 file growth per workflow with a 2 MB input and three activities, and the time of
 * {@code listInstances(pageSize=1)} over 2,000 instances with 20 KB inputs. Run with the test
 * classpath: {@code java -cp ... dev.workflow.backend.actors.jdbc.ActorsStoreCostFigures}.
 */
public final class ActorsStoreCostFigures {

	private ActorsStoreCostFigures() {
	}

	public static void main(String[] args) throws Exception {
		fileGrowth();
		listing();
	}

	private static WorkflowRuntime runtime(Path file) {
		return WorkflowRuntime.builder()
			.backend("actors", Map.of("state-store", "jdbc", "url", "jdbc:h2:file:" + file.toAbsolutePath()))
			.maxPayloadSize(4 * 1024 * 1024)
			.registerActivity("step", (ctx, n) -> n + 1, Integer.class)
			.registerWorkflow("order", (ctx, in) -> {
				int n = 0;
				for (int i = 0; i < 3; i++) {
					n = ctx.callActivity("step", n, Integer.class).await();
				}
				return n;
			}, String.class)
			.registerWorkflow("wait", (ctx, in) -> ctx.waitForExternalEvent("go", String.class).await(), String.class)
			.build();
	}

	private static void fileGrowth() throws Exception {
		Path dir = Path.of("target", "h2", "cost-" + UUID.randomUUID().toString().substring(0, 8));
		Files.createDirectories(dir);
		Path base = dir.resolve("growth");
		Path file = dir.resolve("growth.mv.db");
		String input = "x".repeat(2 * 1024 * 1024 - 2);
		try (WorkflowRuntime runtime = runtime(base)) {
			runtime.start();
			long before = Files.size(file);
			int n = 10;
			for (int i = 0; i < n; i++) {
				String id = runtime.client().scheduleNewWorkflow("order", input, "order-" + i);
				if (runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(120), false)
					.getRuntimeStatus() != WorkflowRuntimeStatus.COMPLETED) {
					throw new IllegalStateException("order " + i + " did not complete");
				}
				System.out.printf("after workflow %d: H2 file %.1f MB%n", i + 1, Files.size(file) / 1e6);
			}
			System.out.printf("FIGURE file growth per 2 MB-input workflow with 3 activities: %.1f MB (open file, %d workflows)%n",
					(Files.size(file) - before) / 1e6 / n, n);
		}
		System.out.printf("FIGURE H2 file after close: %.1f MB%n", Files.size(file) / 1e6);
	}

	private static void listing() throws Exception {
		Path dir = Path.of("target", "h2", "cost-" + UUID.randomUUID().toString().substring(0, 8));
		Files.createDirectories(dir);
		String input = "y".repeat(20 * 1024 - 2);
		try (WorkflowRuntime runtime = runtime(dir.resolve("listing"))) {
			runtime.start();
			int count = 2000;
			for (int i = 0; i < count; i++) {
				runtime.client().scheduleNewWorkflow("wait", input, "wait-" + i);
			}
			// time the listing on a quiet store: every instance has run its first turn
			for (int i = 0; i < count; i++) {
				runtime.client().waitForInstanceStart("wait-" + i, Duration.ofSeconds(120), false);
			}
			long[] nanos = new long[50];
			for (int i = 0; i < nanos.length; i++) {
				long t = System.nanoTime();
				int size = runtime.client().listInstances(new WorkflowQuery().setPageSize(1)).getWorkflowInstances().size();
				nanos[i] = System.nanoTime() - t;
				if (size != 1) {
					throw new IllegalStateException("expected one instance, got " + size);
				}
			}
			Arrays.sort(nanos);
			System.out.printf("FIGURE listInstances(pageSize=1) at %d instances with 20 KB inputs: median %.1f ms, min %.1f ms%n",
					count, nanos[nanos.length / 2] / 1e6, nanos[0] / 1e6);
		}
	}

}
