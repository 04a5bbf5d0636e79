package dev.workflow.backend.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.TestWorkflows;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runtimes with separate connection pools share one PostgreSQL database, as two replicas of
 * an application would, and run 2,000 workflows between them: each completes exactly once with
 * the right output, each task has exactly one completion, and both replicas did work.
 */
@Timeout(300)
class PostgresClusterTest {

	private static final String PREFIX = "cluster_";

	private WorkflowRuntime replica(AtomicInteger activities) {
		Map<String, String> config = new HashMap<>(TestDatabases.postgres(PREFIX));
		return WorkflowRuntime.builder()
			.backend(WorkflowBackends.create("jdbc", new BackendConfiguration(config), BackendContext.EMPTY))
			.registerWorkflow("seq3", TestWorkflows::seq3, Integer.class)
			.registerActivity("inc", (ctx, n) -> {
				activities.incrementAndGet();
				// slow enough that the scheduling replica's 4 workers are busy while its client goes
				// on: its starts are then left in the database for both replicas (see LocalStarts)
				Thread.sleep(5);
				return n + 1;
			}, Integer.class)
			.maxConcurrentWorkflows(4)
			.maxConcurrentActivities(8)
			.build();
	}

	@Test
	void twoReplicasRunTwoThousandWorkflowsEachExactlyOnce() throws Exception {
		TestDatabases.resetPostgres(PREFIX);
		AtomicInteger onA = new AtomicInteger();
		AtomicInteger onB = new AtomicInteger();
		try (WorkflowRuntime a = replica(onA); WorkflowRuntime b = replica(onB)) {
			a.start();
			b.start();
			WorkflowClient client = a.client();
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				ids.add(client.scheduleNewWorkflow("seq3", i, "c-" + i));
			}
			for (int i = 0; i < ids.size(); i++) {
				WorkflowInstanceStatus s = b.client().waitForInstanceCompletion(ids.get(i), Duration.ofSeconds(120), true);
				assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
				assertThat(s.readOutputAs(Integer.class)).isEqualTo(i + 3);
			}
			for (String id : ids) {
				List<HistoryEvent> h = client.getInstanceHistory(id);
				assertThat(h.stream().filter(TaskCompleted.class::isInstance).map(e -> ((TaskCompleted) e).taskScheduledId()))
					.as(id)
					.containsExactly(0, 1, 2);
				assertThat(h.stream().filter(ExecutionCompleted.class::isInstance)).as(id).hasSize(1);
			}
			assertThat(onA.get()).isPositive();
			assertThat(onB.get()).isPositive();
			assertThat(onA.get() + onB.get()).as("activities ran at least once each, and without leases expiring, once")
				.isEqualTo(6000);
		}
	}

}
