package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.TurnCommits;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.WorkflowStarted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first turn of an instance created in a process whose pollers can run it is leased to that
 * process in the creating transaction and handed to its poller without a claim. What must hold:
 * the item is the one a claim would have read; no other process can take it while the lease
 * lasts, and one does soon after the creator dies before running it; an event that arrives before
 * that first turn is not lost; a start scheduled for later is not handed out early; a poller that
 * cannot run the workflow never gets it; starts beyond what the process's pollers can soon take
 * are left to the database, for whichever process is free.
 */
@Timeout(120)
class SqlLocalStartsTest {

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	/** Two backends on one database, as two processes; orchestration leases of 2 s. */
	private SqlWorkflowBackend backend(String kind, String test) {
		Map<String, String> config = new HashMap<>(Map.of("orchestration-lock-timeout", "2s",
				"activity-lock-timeout", "2s"));
		String type = "jdbc";
		switch (kind) {
			case "sqlite" -> {
				type = "sqlite";
				config.put("connection-string", "file:" + Path.of("target", "sqlite", "local-starts-" + this.run + "-"
						+ test + ".db").toAbsolutePath());
			}
			case "h2" -> config.put("url", "jdbc:h2:file:"
					+ Path.of("target", "h2", "local-starts-" + this.run + "-" + test).toAbsolutePath());
			default -> config.putAll(TestDatabases.postgres("ls_" + this.run + "_" + test.substring(0, 4) + "_"));
		}
		return (SqlWorkflowBackend) WorkflowBackends.create(type, new BackendConfiguration(config), BackendContext.EMPTY);
	}

	private static ExecutionStarted started(String name, String id, Instant scheduled) {
		return new ExecutionStarted(Instant.now(), name, id, UUID.randomUUID().toString(), "\"in\"", null, scheduled);
	}

	/** An app's worker: takes, of work that names no app, only the workflow "w" it registered. */
	private static final WorkerCapabilities RUNS_W = new WorkerCapabilities("app-a", java.util.Set.of("w"),
			java.util.Set.of());

	/**
	 * Makes the backend see a poller that can run workflow "w" waiting for work, as a worker thread
	 * waiting in {@code nextWorkflowWorkItem} would be; it never takes anything itself, like a
	 * worker of a process that dies before its poller takes the item.
	 */
	private static void pollerWaits(SqlWorkflowBackend b) {
		b.localStarts.idle(RUNS_W);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "h2", "postgres" })
	void theFirstTurnIsHandedToTheCreatorsPollerAndNoOtherProcessCanTakeItMeanwhile(String kind) throws Exception {
		SqlWorkflowBackend a = backend(kind, "handed");
		SqlWorkflowBackend b = backend(kind, "handed");
		a.start();
		b.start();
		try {
			pollerWaits(a);
			String id = "ls-" + UUID.randomUUID();
			ExecutionStarted started = started("w", id, null);
			assertThat(a.createWorkflowInstance(started, NewWorkflowOptions.ReusePolicy.ERROR)).isTrue();
			assertThat(b.nextWorkflowWorkItem(Duration.ofMillis(300), RUNS_W)).as("leased to the creator").isNull();
			WorkflowWorkItem item = a.nextWorkflowWorkItem(Duration.ofSeconds(5), RUNS_W);
			assertThat(item).isNotNull();
			assertThat(item.instanceId()).isEqualTo(id);
			assertThat(item.history()).isEmpty();
			assertThat(item.attempt()).isEqualTo(1);
			assertThat(item.newEvents()).hasSize(1);
			assertThat(item.newEvents().get(0)).as("the start event, as a claim reads it").isEqualTo(started);
			Instant now = Instant.now();
			a.completeWorkflowWorkItem(item, TurnCommits.of(started,
					List.of(new WorkflowStarted(now), item.newEvents().get(0),
							new ExecutionCompleted(now, WorkflowRuntimeStatus.COMPLETED, "\"done\"", null)),
					WorkflowRuntimeStatus.COMPLETED, "\"done\"", null, null, List.of()));
			assertThat(a.getInstance(id).status()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(a.getHistory(id)).hasSize(3);
			assertThat(b.nextWorkflowWorkItem(Duration.ofMillis(300), RUNS_W)).as("nothing left to claim").isNull();
		}
		finally {
			a.stop();
			b.stop();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "h2", "postgres" })
	void anotherProcessTakesTheFirstTurnOverWhenTheCreatorDiesBeforeRunningIt(String kind) throws Exception {
		SqlWorkflowBackend a = backend(kind, "takeover");
		SqlWorkflowBackend b = backend(kind, "takeover");
		a.start();
		b.start();
		try {
			pollerWaits(a);
			String id = "ls-" + UUID.randomUUID();
			a.createWorkflowInstance(started("w", id, null), NewWorkflowOptions.ReusePolicy.ERROR);
			a.stop(); // the creator is gone before its poller took the first turn
			long begin = System.nanoTime();
			WorkflowWorkItem item = b.nextWorkflowWorkItem(Duration.ofSeconds(30), RUNS_W);
			long waitedMillis = (System.nanoTime() - begin) / 1_000_000;
			assertThat(item).as("taken over once the creator's lease expired").isNotNull();
			assertThat(item.instanceId()).isEqualTo(id);
			assertThat(item.newEvents()).hasSize(1).first().isInstanceOf(ExecutionStarted.class);
			assertThat(item.attempt()).as("the second hand-out of the first turn").isEqualTo(2);
			assertThat(waitedMillis).as("within the 2 s lease and a few polls").isLessThan(15_000);
		}
		finally {
			a.stop();
			b.stop();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "h2", "postgres" })
	void anEventRaisedBeforeTheFirstTurnIsDeliveredByTheNextTurn(String kind) throws Exception {
		SqlWorkflowBackend a = backend(kind, "event");
		a.start();
		try {
			pollerWaits(a);
			String id = "ls-" + UUID.randomUUID();
			ExecutionStarted started = started("w", id, null);
			a.createWorkflowInstance(started, NewWorkflowOptions.ReusePolicy.ERROR);
			a.addEvent(id, new EventRaised(Instant.now(), "early", "\"x\""));
			WorkflowWorkItem first = a.nextWorkflowWorkItem(Duration.ofSeconds(5), RUNS_W);
			assertThat(first.newEvents()).hasSize(1).first().isInstanceOf(ExecutionStarted.class);
			a.completeWorkflowWorkItem(first, TurnCommits.of(started,
					List.of(new WorkflowStarted(Instant.now()), first.newEvents().get(0)), WorkflowRuntimeStatus.RUNNING,
					null, null, null, List.of()));
			WorkflowWorkItem second = a.nextWorkflowWorkItem(Duration.ofSeconds(5), RUNS_W);
			assertThat(second).as("the event waits in the inbox for the next turn").isNotNull();
			assertThat(second.history()).hasSize(2);
			List<HistoryEvent> events = second.newEvents();
			assertThat(events).hasSize(1);
			assertThat(((EventRaised) events.get(0)).name()).isEqualTo("early");
		}
		finally {
			a.stop();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "h2", "postgres" })
	void aLaterStartAndAWorkflowNoPollerCanRunAreLeftToTheDatabase(String kind) throws Exception {
		SqlWorkflowBackend a = backend(kind, "later");
		SqlWorkflowBackend b = backend(kind, "later");
		a.start();
		b.start();
		try {
			pollerWaits(a);
			String later = "ls-" + UUID.randomUUID();
			a.createWorkflowInstance(started("w", later, Instant.now().plusSeconds(2)), NewWorkflowOptions.ReusePolicy.ERROR);
			String other = "ls-" + UUID.randomUUID();
			a.createWorkflowInstance(started("other", other, null), NewWorkflowOptions.ReusePolicy.ERROR);
			assertThat(a.nextWorkflowWorkItem(Duration.ofMillis(300), RUNS_W)).as("neither is for this poller now")
				.isNull();
			WorkerCapabilities runsOther = new WorkerCapabilities("app-b", java.util.Set.of("other"),
					java.util.Set.of());
			WorkflowWorkItem fromB = b.nextWorkflowWorkItem(Duration.ofSeconds(5), runsOther);
			assertThat(fromB).as("the other process's poller claims what this one cannot run").isNotNull();
			assertThat(fromB.instanceId()).isEqualTo(other);
			WorkflowWorkItem scheduled = b.nextWorkflowWorkItem(Duration.ofSeconds(10), RUNS_W);
			assertThat(scheduled).as("the later start is claimable by any process at its time").isNotNull();
			assertThat(scheduled.instanceId()).isEqualTo(later);
		}
		finally {
			a.stop();
			b.stop();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "h2", "postgres" })
	void startsBeyondWhatThisProcesssPollersCanSoonTakeAreLeftForAnyProcess(String kind) throws Exception {
		SqlWorkflowBackend a = backend(kind, "busy");
		SqlWorkflowBackend b = backend(kind, "busy");
		a.start();
		b.start();
		try {
			// one poller of this process, busy now: room for PREFETCH_PER_POLLER held first turns
			assertThat(a.nextWorkflowWorkItem(Duration.ofMillis(1), RUNS_W)).as("a poller came and went").isNull();
			java.util.List<String> ids = new java.util.ArrayList<>();
			for (int i = 0; i <= LocalStarts.PREFETCH_PER_POLLER; i++) {
				ids.add("ls-" + i + "-" + UUID.randomUUID());
				a.createWorkflowInstance(started("w", ids.get(i), null), NewWorkflowOptions.ReusePolicy.ERROR);
			}
			WorkflowWorkItem fromB = b.nextWorkflowWorkItem(Duration.ofSeconds(5), RUNS_W);
			assertThat(fromB).as("the start beyond the prefetch is claimed by the other process at once").isNotNull();
			assertThat(fromB.instanceId()).isEqualTo(ids.get(LocalStarts.PREFETCH_PER_POLLER));
			assertThat(b.nextWorkflowWorkItem(Duration.ofMillis(300), RUNS_W)).as("the others are held by the creator")
				.isNull();
			for (int i = 0; i < LocalStarts.PREFETCH_PER_POLLER; i++) {
				WorkflowWorkItem held = a.nextWorkflowWorkItem(Duration.ofSeconds(5), RUNS_W);
				assertThat(held.instanceId()).isEqualTo(ids.get(i));
				assertThat(held.history()).isEmpty();
			}
		}
		finally {
			a.stop();
			b.stop();
		}
	}

}
