package dev.workflow.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.workflow.PurgeInstancesCriteria;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.WorkflowState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract tests for the client operations Dapr and durabletask users expect: status visibility
 * right after control calls, restart, purge and list by criteria, payload fetching, scheduling by
 * class. Implemented by {@link WorkflowBackendContractTest}, so they run on every backend.
 */
public interface ClientOperationsContract extends BackendUnderTest {

	/** How long these tests wait for an instance. */
	Duration CLIENT_WAIT = Duration.ofSeconds(30);

	/** A class whose one {@code @Workflow} method names the workflow it stands for. */
	class AnnotatedEcho {

		@Workflow(name = "cli_echo")
		public String echo(WorkflowContext ctx, String input) {
			return input;
		}

	}

	/** A class without {@code @Workflow} methods, registered under its canonical name (Dapr's way). */
	class RegisteredByClassName {

	}

	/** A class that names two workflows, so it stands for neither. */
	class TwoWorkflows {

		@Workflow(name = "cli_one")
		public String one(WorkflowContext ctx, String input) {
			return input;
		}

		@Workflow(name = "cli_two")
		public String two(WorkflowContext ctx, String input) {
			return input;
		}

	}

	private static String clientId(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
	}

	/** Echo, a workflow waiting for "go", one failing, and a busy chain of activities. */
	private WorkflowRuntime startClientRuntime(String storage) {
		return startRuntime(storage, b -> b.registerWorkflow("cli_echo", (ctx, in) -> in, String.class)
			.registerWorkflow("cli_wait", (ctx, in) -> {
				ctx.setCustomStatus("waiting");
				return ctx.waitForExternalEvent("go", String.class).await();
			}, String.class)
			.registerWorkflow("cli_fail", (ctx, in) -> {
				throw new IllegalStateException("cli failure " + in);
			}, String.class)
			.registerWorkflow("cli_chain", (ctx, n) -> {
				int total = 0;
				for (int i = 0; i < n; i++) {
					total += ctx.callActivity("cli_tick", i, Integer.class).await();
					// a timer ends each turn, so the instance goes through many short turns
					ctx.createTimer(Duration.ofMillis(1)).await();
				}
				return total;
			}, Integer.class)
			.registerWorkflow(RegisteredByClassName.class.getCanonicalName(), (ctx, in) -> "by name " + in,
					String.class)
			.registerActivity("cli_tick", (ctx, i) -> {
				Thread.sleep(1);
				return 1;
			}, Integer.class));
	}

	@Test
	default void statusReadWithoutPayloadsRefusesToBindThem() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_pay")) {
			WorkflowClient client = runtime.client();
			String id = client.scheduleNewWorkflow("cli_echo", "hello", clientId("pay"));
			client.waitForInstanceCompletion(id, CLIENT_WAIT, false);
			WorkflowInstanceStatus bare = client.getInstanceState(id, false);
			assertThat(bare.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThatThrownBy(() -> bare.readInputAs(String.class)).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("not fetched")
				.hasMessageContaining("getInstanceState(id, true)");
			assertThatThrownBy(() -> bare.readOutputAs(String.class)).isInstanceOf(IllegalStateException.class);
			assertThatThrownBy(() -> bare.readCustomStatusAs(String.class)).isInstanceOf(IllegalStateException.class);
			WorkflowInstanceStatus full = client.getInstanceState(id, true);
			assertThat(full.readInputAs(String.class)).isEqualTo("hello");
			assertThat(full.readOutputAs(String.class)).isEqualTo("hello");
			assertThat(full.readCustomStatusAs(String.class)).isNull(); // fetched, and null
			assertThat(full.isCustomStatusFetched()).isFalse();

			String nullInput = client.scheduleNewWorkflow("cli_echo", null, clientId("pay"));
			assertThat(client.waitForInstanceCompletion(nullInput, CLIENT_WAIT, true).readInputAs(String.class)).isNull();

			WorkflowQuery query = new WorkflowQuery().setInstanceIdPrefix(id);
			WorkflowInstanceStatus listed = client.listInstances(query).getWorkflowInstances().get(0);
			assertThatThrownBy(() -> listed.readOutputAs(String.class)).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("setFetchInputsAndOutputs(true)");
			WorkflowInstanceStatus listedFull = client.listInstances(query.setFetchInputsAndOutputs(true))
				.getWorkflowInstances()
				.get(0);
			assertThat(listedFull.readOutputAs(String.class)).isEqualTo("hello");
		}
	}

	@Test
	default void suspendAndResumeShowAtOnceOnAWaitingInstance() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_vis")) {
			WorkflowClient client = runtime.client();
			String id = client.scheduleNewWorkflow("cli_wait", null, clientId("vis"));
			// started and being waited on: RUNNING, not PENDING
			assertThat(client.waitForInstanceStart(id, CLIENT_WAIT, false).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.RUNNING);
			for (int i = 0; i < 25; i++) {
				client.suspendWorkflow(id, "pause " + i);
				assertThat(client.getInstanceState(id, false).getRuntimeStatus()).as("right after suspend #%d", i)
					.isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
				if (i % 5 == 0) {
					Thread.sleep(20); // let the turn that takes the suspend commit: it must keep SUSPENDED
					assertThat(client.getInstanceState(id, false).getRuntimeStatus()).as("after suspend #%d settled", i)
						.isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
				}
				client.resumeWorkflow(id, "go on " + i);
				assertThat(client.getInstanceState(id, false).getRuntimeStatus()).as("right after resume #%d", i)
					.isEqualTo(WorkflowRuntimeStatus.RUNNING);
			}
			client.raiseEvent(id, "go", "done");
			WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, CLIENT_WAIT, true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("done");
		}
	}

	@Test
	default void suspendAndResumeShowAtOnceOnABusyInstance() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_busy")) {
			WorkflowClient client = runtime.client();
			int steps = 60;
			String id = client.scheduleNewWorkflow("cli_chain", steps, clientId("busy"));
			client.waitForInstanceStart(id, CLIENT_WAIT, false);
			for (int i = 0; i < 15; i++) {
				client.suspendWorkflow(id, null);
				WorkflowRuntimeStatus afterSuspend = client.getInstanceState(id, false).getRuntimeStatus();
				if (afterSuspend == WorkflowRuntimeStatus.COMPLETED) {
					break; // finished before the suspend: nothing left to suspend
				}
				assertThat(afterSuspend).as("right after suspend #%d", i).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
				// turns taken before the suspend commit meanwhile; they must not show RUNNING again
				Thread.sleep(15);
				WorkflowRuntimeStatus settled = client.getInstanceState(id, false).getRuntimeStatus();
				if (settled == WorkflowRuntimeStatus.COMPLETED) {
					break; // the turn under way when the suspend came was the last one: a finished run stays finished
				}
				assertThat(settled).as("while suspended #%d", i).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
				client.resumeWorkflow(id, null);
				assertThat(client.getInstanceState(id, false).getRuntimeStatus()).as("right after resume #%d", i)
					.isEqualTo(WorkflowRuntimeStatus.RUNNING);
				Thread.sleep(5);
			}
			WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, CLIENT_WAIT, true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(Integer.class)).isEqualTo(steps);
		}
	}

	@Test
	default void terminateIsAppliedByTheInstancesNextTurn() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_term")) {
			WorkflowClient client = runtime.client();
			String id = client.scheduleNewWorkflow("cli_wait", null, clientId("term"));
			client.waitForInstanceStart(id, CLIENT_WAIT, false);
			client.terminateWorkflow(id, "stop");
			// as in Dapr and durabletask: the request is recorded at once, the instance ends in its next turn
			assertThat(client.getInstanceState(id, false).getRuntimeStatus()).isIn(WorkflowRuntimeStatus.RUNNING,
					WorkflowRuntimeStatus.TERMINATED);
			WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, CLIENT_WAIT, true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.TERMINATED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("stop");
		}
	}

	@Test
	default void restartInstanceStartsAFinishedInstanceAgainWithItsNameAndInput() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_rst")) {
			WorkflowClient client = runtime.client();
			String id = client.scheduleNewWorkflow("cli_echo", "again", clientId("rst"));
			WorkflowInstanceStatus first = client.waitForInstanceCompletion(id, CLIENT_WAIT, true);

			String newId = client.restartInstance(id, true);
			assertThat(newId).isNotEqualTo(id);
			WorkflowInstanceStatus copy = client.waitForInstanceCompletion(newId, CLIENT_WAIT, true);
			assertThat(copy.getName()).isEqualTo("cli_echo");
			assertThat(copy.readInputAs(String.class)).isEqualTo("again");
			assertThat(copy.readOutputAs(String.class)).isEqualTo("again");

			assertThat(client.restartInstance(id, false)).isEqualTo(id);
			WorkflowInstanceStatus rerun = client.waitForInstanceCompletion(id, CLIENT_WAIT, true);
			assertThat(rerun.readOutputAs(String.class)).isEqualTo("again");
			assertThat(rerun.getCreatedAt()).isAfterOrEqualTo(first.getCreatedAt());

			String waiting = client.scheduleNewWorkflow("cli_wait", "w", clientId("rst"));
			client.waitForInstanceStart(waiting, CLIENT_WAIT, false);
			assertThatThrownBy(() -> client.restartInstance(waiting, false))
				.isInstanceOf(WorkflowInstanceExistsException.class)
				.hasMessageContaining(waiting)
				.hasMessageContaining("not finished")
				.hasMessageContaining("restartWithNewInstanceId");
			String copyOfRunning = client.restartInstance(waiting, true);
			assertThat(client.waitForInstanceStart(copyOfRunning, CLIENT_WAIT, true).readInputAs(String.class))
				.isEqualTo("w");
			assertThatThrownBy(() -> client.restartInstance(clientId("missing"), true))
				.isInstanceOf(WorkflowInstanceNotFoundException.class);
		}
	}

	@Test
	default void purgeInstancesDeletesFinishedInstancesByCreatedTimeAndStatus() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_prg")) {
			WorkflowClient client = runtime.client();
			List<String> early = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				early.add(client.scheduleNewWorkflow("cli_echo", "e" + i, clientId("prg-early")));
			}
			for (String id : early) {
				client.waitForInstanceCompletion(id, CLIENT_WAIT, false);
			}
			Thread.sleep(20);
			Instant cut = Instant.now();
			Thread.sleep(20);
			List<String> late = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				late.add(client.scheduleNewWorkflow("cli_echo", "l" + i, clientId("prg-late")));
			}
			String failed = client.scheduleNewWorkflow("cli_fail", "x", clientId("prg-failed"));
			String running = client.scheduleNewWorkflow("cli_wait", null, clientId("prg-running"));
			for (String id : late) {
				client.waitForInstanceCompletion(id, CLIENT_WAIT, false);
			}
			assertThat(client.waitForInstanceCompletion(failed, CLIENT_WAIT, false).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.FAILED);
			client.waitForInstanceStart(running, CLIENT_WAIT, false);

			assertThatThrownBy(() -> new PurgeInstancesCriteria().setRuntimeStatus(WorkflowRuntimeStatus.RUNNING))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("RUNNING")
				.hasMessageContaining("COMPLETED");

			// a timeout that has passed before the first instance: nothing is purged
			assertThatThrownBy(() -> client.purgeInstances(new PurgeInstancesCriteria().setTimeout(Duration.ZERO)))
				.isInstanceOf(TimeoutException.class)
				.hasMessageContaining("0 instance(s) were purged");
			assertThat(client.getInstanceState(early.get(0), false)).isNotNull();

			// created before the cut: the early ones only
			assertThat(client.purgeInstances(new PurgeInstancesCriteria().setCreatedTimeTo(cut)).getDeletedInstanceCount())
				.isEqualTo(early.size());
			for (String id : early) {
				assertThat(client.getInstanceState(id, false)).isNull();
			}
			// completed ones from the cut on: the late ones, not the failed or the running one
			assertThat(client.purgeInstances(new PurgeInstancesCriteria().setCreatedTimeFrom(cut)
				.setRuntimeStatus(WorkflowRuntimeStatus.COMPLETED)).getDeletedInstanceCount()).isEqualTo(late.size());
			assertThat(client.getInstanceState(failed, false)).isNotNull();
			// every finished instance: the failed one; the running one stays
			assertThat(client.purgeInstances(new PurgeInstancesCriteria()).getDeletedInstanceCount()).isEqualTo(1);
			assertThat(client.getInstanceState(failed, false)).isNull();
			assertThat(client.getInstanceState(running, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
			assertThat(client.purgeInstances(new PurgeInstancesCriteria()).getDeletedInstanceCount()).isZero();
		}
	}

	@Test
	default void listInstancesByInstanceIdPrefix() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_lst")) {
			WorkflowClient client = runtime.client();
			String base = "pq" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
			List<String> matching = List.of(base + "_a-1", base + "_a-2", base + "_a-3");
			// '_' is a LIKE wildcard and SQLite's LIKE ignores case: neither may widen the match
			List<String> others = List.of(base + "Xa-4", base.toUpperCase() + "_a-5", "x" + base + "_a-6");
			for (String id : matching) {
				client.scheduleNewWorkflow("cli_echo", id, id);
			}
			for (String id : others) {
				client.scheduleNewWorkflow("cli_echo", id, id);
			}
			for (String id : matching) {
				client.waitForInstanceCompletion(id, CLIENT_WAIT, false);
			}
			List<String> found = new ArrayList<>();
			WorkflowQuery query = new WorkflowQuery().setInstanceIdPrefix(base + "_a").setMaxInstanceCount(2);
			while (true) {
				WorkflowQueryResult page = client.listInstances(query);
				page.getWorkflowInstances().forEach(s -> found.add(s.getInstanceId()));
				if (page.getContinuationToken() == null) {
					break;
				}
				query.setContinuationToken(page.getContinuationToken());
			}
			assertThat(found).containsExactlyInAnyOrderElementsOf(matching);
			assertThat(client.listInstances(new WorkflowQuery().setInstanceIdPrefix(base + "_a")
				.setRuntimeStatusList(List.of(WorkflowRuntimeStatus.COMPLETED, WorkflowRuntimeStatus.COMPLETED))
				.setCreatedTimeFrom(Instant.EPOCH)
				.setPageSize(100)).getWorkflowInstances()).hasSize(3);
			assertThat(client.listInstances(new WorkflowQuery().setInstanceIdPrefix(base + "_a-2")).getWorkflowInstances())
				.extracting(WorkflowInstanceStatus::getInstanceId)
				.containsExactly(base + "_a-2");
		}
	}

	@Test
	default void scheduleNewWorkflowByClass() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_cls")) {
			WorkflowClient client = runtime.client();
			String id = client.scheduleNewWorkflow(AnnotatedEcho.class, "by class", clientId("cls"));
			WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, CLIENT_WAIT, true);
			assertThat(s.getName()).isEqualTo("cli_echo");
			assertThat(s.readOutputAs(String.class)).isEqualTo("by class");

			String byName = client.scheduleNewWorkflow(RegisteredByClassName.class, "x");
			assertThat(client.waitForInstanceCompletion(byName, CLIENT_WAIT, true).readOutputAs(String.class))
				.isEqualTo("by name x");
			assertThat(client.workflowName(RegisteredByClassName.class))
				.isEqualTo(RegisteredByClassName.class.getCanonicalName());

			assertThatThrownBy(() -> client.scheduleNewWorkflow(String.class, "x"))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("java.lang.String")
				.hasMessageContaining("cli_echo")
				.hasMessageContaining("cli_wait");
			assertThatThrownBy(() -> client.scheduleNewWorkflow(TwoWorkflows.class))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("cli_one")
				.hasMessageContaining("cli_two");
		}
	}

	@Test
	default void daprNamedStateMethodsReadTheSameInstance() throws Exception {
		try (WorkflowRuntime runtime = startClientRuntime("cli_dapr")) {
			WorkflowClient client = runtime.client();
			String id = client.scheduleNewWorkflow("cli_wait", "in", clientId("dapr"));
			WorkflowState started = client.waitForWorkflowStart(id, CLIENT_WAIT, true);
			assertThat(started.getWorkflowId()).isEqualTo(id);
			assertThat(started.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
			assertThat(started.readInputAs(String.class)).isEqualTo("in");
			assertThat(started.isCustomStatusFetched()).isTrue();
			assertThat(started.readCustomStatusAs(String.class)).isEqualTo("waiting");
			assertThat(client.getWorkflowState(id, false).isCustomStatusFetched()).isFalse();
			client.raiseEvent(id, "go", "out");
			WorkflowState done = client.waitForWorkflowCompletion(id, null, true);
			assertThat(done.readOutputAs(String.class)).isEqualTo("out");
			assertThat(client.getWorkflowState(id, false).getWorkflowId()).isEqualTo(id);
			assertThat(client.purgeWorkflow(id)).isTrue();
			assertThat(client.getWorkflowState(id, true)).isNull();
			assertThat(client.purgeWorkflow(id)).isFalse();

			// durabletask's short forms: start wait without payloads, event without payload
			String second = client.scheduleNewWorkflow("cli_wait", null, clientId("dapr"));
			assertThat(client.waitForInstanceStart(second, CLIENT_WAIT).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.RUNNING);
			client.raiseEvent(second, "go");
			WorkflowState secondDone = client.waitForWorkflowCompletion(second, CLIENT_WAIT, true);
			assertThat(secondDone.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(secondDone.readOutputAs(String.class)).isNull();
		}
	}

}
