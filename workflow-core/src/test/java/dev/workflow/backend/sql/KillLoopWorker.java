package dev.workflow.backend.sql;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.TestWorkflows;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;

/**
 * The worker JVM of the kill loop: schedules the workflows that do not exist yet, runs them, logs
 * every activity execution, and writes "all-done" once every workflow has finished. The test kills
 * it with SIGKILL at random points and starts it again.
 */
public final class KillLoopWorker {

	private KillLoopWorker() {
	}

	public static WorkflowRuntime runtime(String type, Map<String, String> config, Path dir) {
		return runtime(WorkflowBackends.create(type, new BackendConfiguration(config), BackendContext.EMPTY), dir);
	}

	public static WorkflowRuntime runtime(WorkflowBackend backend, Path dir) {
		return WorkflowRuntime.builder()
			.backend(backend)
			.registerWorkflow("seq3", TestWorkflows::seq3, Integer.class)
			.registerActivity("inc", (ctx, n) -> {
				Files.writeString(dir.resolve("activities.log"), ctx.getInstanceId() + ":" + ctx.getTaskId() + "\n",
						StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
				return n + 1;
			}, Integer.class)
			.maxConcurrentWorkflows(8)
			.build();
	}

	/**
	 * Starts a worker JVM on the test class path.
	 * @param dir where it logs activity runs and writes its marker files
	 * @param count how many workflows it schedules (0: a worker only)
	 * @param type the backend type
	 * @param config the backend configuration
	 * @param log where its output goes
	 * @return the process
	 */
	static Process launch(Path dir, int count, String type, Map<String, String> config, Path log)
			throws java.io.IOException {
		return ChildJvm.start(KillLoopWorker.class, log, config, dir.toAbsolutePath().toString(), String.valueOf(count),
				type);
	}

	/**
	 * Asserts that workflow {@code kl-<input>} completed with its input plus 3, once, and recorded
	 * one result for each of its three activities.
	 */
	static void assertCompletedOnce(WorkflowClient client, WorkflowInstanceStatus s, int input) {
		String id = "kl-" + input;
		org.assertj.core.api.Assertions.assertThat(s.getRuntimeStatus()).as(id)
			.isEqualTo(dev.workflow.WorkflowRuntimeStatus.COMPLETED);
		org.assertj.core.api.Assertions.assertThat(s.readOutputAs(Integer.class)).as(id).isEqualTo(input + 3);
		java.util.List<dev.workflow.history.HistoryEvent> h = client.getInstanceHistory(id);
		org.assertj.core.api.Assertions
			.assertThat(h.stream().filter(dev.workflow.history.ExecutionCompleted.class::isInstance))
			.as(id)
			.hasSize(1);
		org.assertj.core.api.Assertions
			.assertThat(h.stream()
				.filter(dev.workflow.history.TaskCompleted.class::isInstance)
				.map(e -> ((dev.workflow.history.TaskCompleted) e).taskScheduledId()))
			.as(id)
			.containsExactly(0, 1, 2);
	}

	/** {@code KillLoopWorker <dir> <count> <backendType> key=value...} */
	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		int count = Integer.parseInt(args[1]);
		String type = args[2];
		Map<String, String> config = ChildJvm.config(args, 3);
		WorkflowRuntime runtime = runtime(type, config, dir);
		runtime.start();
		WorkflowClient client = runtime.client();
		for (int i = 0; i < count; i++) {
			client.scheduleNewWorkflow("seq3", new NewWorkflowOptions().setInstanceId("kl-" + i)
				.setInput(i)
				.setReusePolicy(NewWorkflowOptions.ReusePolicy.IGNORE));
		}
		Files.writeString(dir.resolve("scheduled"), "yes");
		int next = 0;
		while (next < count) {
			WorkflowInstanceStatus s = client.getInstanceState("kl-" + next, false);
			if (s != null && s.isCompleted()) {
				next++;
			}
			else {
				Thread.sleep(50);
			}
		}
		Files.writeString(dir.resolve("all-done"), "yes");
		Thread.sleep(Long.MAX_VALUE);
	}

}
