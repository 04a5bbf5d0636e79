package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.FaultInjectingBackend;
import dev.workflow.backend.WorkflowBackends;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of this process waiting for an instance that this process's worker ends gets the
 * instance as the ending commit left it: on PostgreSQL and SQLite the commit reads the row back
 * from its update, so the woken client reads nothing more. What it returns is exactly what a read
 * right after returns, on every SQL database (H2, which cannot return updated rows, reads).
 */
@Timeout(120)
class SqlWaitStateTest {

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private FaultInjectingBackend backend(String kind) {
		Map<String, String> config = new HashMap<>();
		String type = "jdbc";
		switch (kind) {
			case "sqlite" -> {
				type = "sqlite";
				config.put("connection-string", "file:" + Path.of("target", "sqlite", "wait-state-" + this.run + ".db")
					.toAbsolutePath());
			}
			case "h2" -> config.put("url", "jdbc:h2:file:" + Path.of("target", "h2", "wait-state-" + this.run).toAbsolutePath());
			default -> config.putAll(TestDatabases.postgres("ws_" + this.run + "_"));
		}
		return new FaultInjectingBackend(
				WorkflowBackends.create(type, new BackendConfiguration(config), BackendContext.EMPTY));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "h2", "postgres" })
	void aWaitingClientGetsTheEndingCommitsStateExactlyAndReadsNothingAfterIt(String kind) throws Exception {
		FaultInjectingBackend backend = backend(kind);
		WorkflowRuntime rt = WorkflowRuntime.builder()
			.backend(backend)
			.registerActivity("echo", (ctx, s) -> s, String.class)
			.registerWorkflow("gated", (ctx, in) -> {
				ctx.setCustomStatus("waiting");
				String go = ctx.waitForExternalEvent("go", String.class).await();
				return ctx.callActivity("echo", in + go, String.class).await();
			}, String.class)
			.build();
		rt.start();
		try {
			int rounds = 5;
			long readsAfterEvents = 0;
			for (int i = 0; i < rounds; i++) {
				String id = rt.client().scheduleNewWorkflow("gated", "in" + i);
				rt.client().waitForInstanceStart(id, Duration.ofSeconds(30), false);
				CompletableFuture<WorkflowInstanceStatus> waited = CompletableFuture
					.supplyAsync(() -> waitQuietly(rt, id));
				// long enough for the waiter to be polling at its slowest (every 100 ms)
				Thread.sleep(400);
				long before = backend.instanceReads();
				rt.client().raiseEvent(id, "go", "!");
				WorkflowInstanceStatus s = waited.get(30, TimeUnit.SECONDS);
				readsAfterEvents += backend.instanceReads() - before;
				WorkflowInstanceStatus read = rt.client().getInstanceState(id, true);
				assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				assertThat(s.readOutputAs(String.class)).isEqualTo("in" + i + "!");
				// exactly what a read returns
				assertThat(s.getInstanceId()).isEqualTo(read.getInstanceId());
				assertThat(s.getName()).isEqualTo(read.getName());
				assertThat(s.getRuntimeStatus()).isEqualTo(read.getRuntimeStatus());
				assertThat(s.getCreatedAt()).isEqualTo(read.getCreatedAt());
				assertThat(s.getLastUpdatedAt()).isEqualTo(read.getLastUpdatedAt());
				assertThat(s.getSerializedInput()).isEqualTo(read.getSerializedInput());
				assertThat(s.getSerializedOutput()).isEqualTo(read.getSerializedOutput());
				assertThat(s.readCustomStatusAs(String.class)).isEqualTo(read.readCustomStatusAs(String.class));
				assertThat(s.getFailureDetails()).isEqualTo(read.getFailureDetails());
			}
			if (!kind.equals("h2")) {
				// without the state from the commit, every round reads once after the wake-up; a poll
				// that falls into the moment between the commit and the wake-up may add one now and then
				assertThat(readsAfterEvents).as("reads by woken waiters over %d rounds", rounds).isLessThanOrEqualTo(2);
			}
		}
		finally {
			rt.close();
		}
	}

	private static WorkflowInstanceStatus waitQuietly(WorkflowRuntime rt, String id) {
		try {
			return rt.client().waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
