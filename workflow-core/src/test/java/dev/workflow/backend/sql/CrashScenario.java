package dev.workflow.backend.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;

/**
 * The workflows of the crash tests, and the main class of the child JVM that gets killed. The
 * activity "slow" appends a line to a marker file each time it starts; while a "hang" file
 * exists it then blocks, so the test can kill the JVM in the middle of it. The workflow "sleepy"
 * marks a file and then waits on a 2 s durable timer, so the test can kill the JVM before the
 * timer is due.
 */
public final class CrashScenario {

	private CrashScenario() {
	}

	public static WorkflowRuntime runtime(String backendType, Map<String, String> config, Path dir) {
		return WorkflowRuntime.builder()
			.backend(WorkflowBackends.create(backendType, new BackendConfiguration(config), BackendContext.EMPTY))
			.registerWorkflow("crashy", (ctx, n) -> {
				String slow = ctx.callActivity("slow", n, String.class).await();
				return slow + "+" + ctx.callActivity("inc", n, Integer.class).await();
			}, Integer.class)
			.registerActivity("slow", (ctx, n) -> {
				Files.writeString(dir.resolve("runs.txt"), "run " + ctx.getAttempt() + "\n", StandardCharsets.UTF_8,
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
				while (Files.exists(dir.resolve("hang"))) {
					Thread.sleep(50);
				}
				return "slow(" + n + ")";
			}, Integer.class)
			.registerActivity("inc", (ctx, n) -> n + 1, Integer.class)
			.registerWorkflow("sleepy", (ctx, n) -> {
				ctx.callActivity("mark", n).await();
				ctx.createTimer(Duration.ofSeconds(2)).await();
				return ctx.callActivity("inc", n, Integer.class).await();
			}, Integer.class)
			.registerActivity("mark", (ctx, n) -> {
				Files.writeString(dir.resolve("armed"), "armed", StandardCharsets.UTF_8);
				return null;
			}, Integer.class)
			.shutdownTimeout(Duration.ofMillis(200))
			.build();
	}

	public static long runs(Path dir) throws IOException {
		Path f = dir.resolve("runs.txt");
		return Files.exists(f) ? Files.readAllLines(f).size() : 0;
	}

	/**
	 * Child JVM: {@code CrashScenario <dir> <instanceId> <workflow> <backendType> key=value...}.
	 * Schedules the instance if it does not exist and runs until killed.
	 */
	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		String instanceId = args[1];
		String workflow = args[2];
		String type = args[3];
		Map<String, String> config = ChildJvm.config(args, 4);
		WorkflowRuntime runtime = runtime(type, config, dir);
		runtime.start();
		if (runtime.client().getInstanceState(instanceId, false) == null) {
			runtime.client().scheduleNewWorkflow(workflow, 41, instanceId);
		}
		Thread.sleep(Long.MAX_VALUE);
	}

}
