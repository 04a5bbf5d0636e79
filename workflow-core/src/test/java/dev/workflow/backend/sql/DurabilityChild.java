package dev.workflow.backend.sql;

import java.time.Duration;
import java.util.Map;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;

/**
 * The workflows of the durability crash tests, and the main class of the child JVM that gets
 * killed. It prints a line to stdout right after each client call returns, so the parent knows
 * exactly which writes were acknowledged when it sends SIGKILL.
 * <ul>
 * <li>{@code acks <type> <idPrefix> <count> key=value...}: schedules {@code count} instances of
 * {@code durability_wait} (prints {@code S <id>} after each), then raises the event {@code go}
 * with payload {@code p-<id>} to each (prints {@code E <id>} after each), then sleeps.</li>
 * <li>{@code start <type> <stepPauseMillis> key=value...}: starts a runtime (so the schema is
 * created) and prints {@code STARTED}; with a pause above 0 the migration prints
 * {@code workflow-migration-step <n>} after each statement and pauses, so the parent can kill it
 * between two given statements.</li>
 * </ul>
 */
public final class DurabilityChild {

	/** The workflow that waits for the event {@code go} and returns its payload. */
	static final String WAIT = "durability_wait";

	/** A workflow with one activity: returns {@code hello <input>}. */
	static final String HELLO = "durability_hello";

	private DurabilityChild() {
	}

	static WorkflowRuntime runtime(String type, Map<String, String> config) {
		return WorkflowRuntime.builder()
			.backend(WorkflowBackends.create(type, new BackendConfiguration(config), BackendContext.EMPTY))
			.registerWorkflow(WAIT, (ctx, in) -> ctx.waitForExternalEvent("go", String.class).await(), String.class)
			.registerWorkflow(HELLO, (ctx, in) -> ctx.callActivity("durability_greet", in, String.class).await(),
					String.class)
			.registerActivity("durability_greet", (ctx, in) -> "hello " + in, String.class)
			.shutdownTimeout(Duration.ofMillis(200))
			.build();
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String type = args[1];
		System.out.println("JVM");
		if (mode.equals("acks")) {
			String prefix = args[2];
			int count = Integer.parseInt(args[3]);
			WorkflowRuntime runtime = runtime(type, ChildJvm.config(args, 4));
			runtime.start();
			System.out.println("READY");
			WorkflowClient client = runtime.client();
			for (int i = 0; i < count; i++) {
				String id = prefix + i;
				client.scheduleNewWorkflow(WAIT, "in", id);
				System.out.println("S " + id);
			}
			for (int i = 0; i < count; i++) {
				String id = prefix + i;
				client.raiseEvent(id, "go", "p-" + id);
				System.out.println("E " + id);
			}
			System.out.println("DONE");
		}
		else {
			long pause = Long.parseLong(args[2]);
			if (pause > 0) {
				System.setProperty(Database.MIGRATION_STEP_PAUSE_PROPERTY, Long.toString(pause));
			}
			WorkflowRuntime runtime = runtime(type, ChildJvm.config(args, 3));
			runtime.start();
			System.out.println("STARTED");
		}
		Thread.sleep(Long.MAX_VALUE);
	}

}
