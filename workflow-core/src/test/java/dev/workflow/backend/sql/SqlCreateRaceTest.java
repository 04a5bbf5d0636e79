package dev.workflow.backend.sql;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.ConcurrentCreates;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.history.ExecutionStarted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 5 across processes: two runtimes, each with its own backend and connection pool,
 * on the same PostgreSQL tables, schedule one instance id from 16 threads each. Creation is atomic
 * per reuse policy: ERROR has exactly one winner and the losers get
 * {@link WorkflowInstanceExistsException}; IGNORE and TERMINATE succeed for every caller; the
 * instance then holds exactly one ExecutionStarted and still works.
 */
@Timeout(300)
class SqlCreateRaceTest {

	private static final int PER_RUNTIME = 16;

	private static WorkflowRuntime runtime(String prefix) {
		return WorkflowRuntime.builder()
			.backend(WorkflowBackends.create("jdbc", new BackendConfiguration(TestDatabases.postgres(prefix)),
					BackendContext.EMPTY))
			.registerWorkflow("sql_wait", (ctx, in) -> ctx.waitForExternalEvent("go", String.class).await(), String.class)
			.build();
	}

	@Test
	void twoRuntimesOnOnePostgresCreateOneInstanceAtomicallyPerReusePolicy() throws Exception {
		String prefix = "sql_create_race_";
		TestDatabases.resetPostgres(prefix);
		WorkflowRuntime a = runtime(prefix);
		WorkflowRuntime b = runtime(prefix);
		a.start();
		b.start();
		try {
			for (NewWorkflowOptions.ReusePolicy policy : NewWorkflowOptions.ReusePolicy.values()) {
				String id = "sql_race_" + policy + "-" + UUID.randomUUID().toString().substring(0, 8);
				List<Throwable> outcomes = race(a, b, id, policy);
				long winners = outcomes.stream().filter(Objects::isNull).count();
				if (policy == NewWorkflowOptions.ReusePolicy.ERROR) {
					assertThat(winners).as("callers that created %s", id).isEqualTo(1);
					assertThat(outcomes.stream().filter(Objects::nonNull))
						.allSatisfy(ex -> assertThat(ex).isInstanceOf(WorkflowInstanceExistsException.class));
				}
				else {
					assertThat(outcomes).as("outcomes with %s", policy).allSatisfy(ex -> assertThat(ex).isNull());
				}
				a.client().waitForInstanceStart(id, Duration.ofSeconds(60), false);
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
				while (started(a, id) == 0 && System.nanoTime() < deadline) {
					Thread.sleep(20);
				}
				assertThat(started(a, id)).as("ExecutionStarted in the history of %s", id).isEqualTo(1);
				b.client().raiseEvent(id, "go", "done");
				assertThat(a.client().waitForInstanceCompletion(id, Duration.ofSeconds(60), true).getRuntimeStatus())
					.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				assertThat(started(b, id)).isEqualTo(1);
			}
		}
		finally {
			a.close();
			b.close();
		}
	}

	private static long started(WorkflowRuntime r, String id) {
		return r.backend().getHistory(id).stream().filter(ExecutionStarted.class::isInstance).count();
	}

	private static List<Throwable> race(WorkflowRuntime a, WorkflowRuntime b, String id,
			NewWorkflowOptions.ReusePolicy policy) throws Exception {
		return ConcurrentCreates.race(List.of(a.client(), b.client()), 2 * PER_RUNTIME, "sql_wait", id, policy,
				Duration.ofSeconds(120));
	}

}
