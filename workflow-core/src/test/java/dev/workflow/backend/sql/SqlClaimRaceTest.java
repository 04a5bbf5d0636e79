package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.backend.TurnCommits;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionCompleted;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.WorkflowStarted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 1: the optimistic claim of the SQLite and H2 paths reads candidates, then claims
 * with a guarded update. A worker that read an instance as a candidate just before another worker
 * claimed it, ran its turn and committed, must not be handed that instance: not once it has ended
 * (that turn would append a second completion) and not once its inbox was consumed. The
 * interleaving is forced with the backend's test hook between the candidate read and the claim.
 */
@Timeout(120)
class SqlClaimRaceTest {

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private SqlWorkflowBackend sqlite(String name) {
		String file = Path.of("target", "sqlite", "claim-race-" + this.run + "-" + name + ".db").toAbsolutePath().toString();
		return (SqlWorkflowBackend) WorkflowBackends.create("sqlite",
				new BackendConfiguration(Map.of("connection-string", "file:" + file)), BackendContext.EMPTY);
	}

	private SqlWorkflowBackend h2(String name) {
		String url = "jdbc:h2:file:" + Path.of("target", "h2", "claim-race-" + this.run + "-" + name).toAbsolutePath();
		return (SqlWorkflowBackend) WorkflowBackends.create("jdbc", new BackendConfiguration(Map.of("url", url)),
				BackendContext.EMPTY);
	}

	@Test
	void sqliteNeverHandsOutAnInstanceThatEndedAfterTheCandidateRead() throws Exception {
		lateClaimOfAnEndedInstance(sqlite("ended"));
	}

	@Test
	void h2NeverHandsOutAnInstanceThatEndedAfterTheCandidateRead() throws Exception {
		lateClaimOfAnEndedInstance(h2("ended"));
	}

	@Test
	void sqliteNeverHandsOutAnInstanceWhoseInboxWasConsumedAfterTheCandidateRead() throws Exception {
		lateClaimOfAConsumedInbox(sqlite("consumed"));
	}

	@Test
	void h2NeverHandsOutAnInstanceWhoseInboxWasConsumedAfterTheCandidateRead() throws Exception {
		lateClaimOfAConsumedInbox(h2("consumed"));
	}

	private void lateClaimOfAnEndedInstance(SqlWorkflowBackend backend) throws Exception {
		race(backend, WorkflowRuntimeStatus.COMPLETED);
	}

	private void lateClaimOfAConsumedInbox(SqlWorkflowBackend backend) throws Exception {
		race(backend, WorkflowRuntimeStatus.RUNNING);
	}

	/**
	 * Between this worker's candidate read and its claim, another worker takes the instance, runs a
	 * turn that ends with {@code otherOutcome} and commits; this worker's claim must then find nothing.
	 */
	private void race(SqlWorkflowBackend backend, WorkflowRuntimeStatus otherOutcome) throws Exception {
		backend.start();
		try {
			String id = "sql_race-" + UUID.randomUUID().toString().substring(0, 8);
			ExecutionStarted started = new ExecutionStarted(Instant.now(), "w", id, UUID.randomUUID().toString(), "1",
					null, null);
			backend.createWorkflowInstance(started, NewWorkflowOptions.ReusePolicy.ERROR);
			AtomicBoolean fired = new AtomicBoolean();
			AtomicBoolean otherCommitted = new AtomicBoolean();
			backend.workflowClaimHook = () -> {
				if (!fired.compareAndSet(false, true)) {
					return;
				}
				try {
					WorkflowWorkItem other = backend.nextWorkflowWorkItem(Duration.ofSeconds(10));
					assertThat(other).isNotNull();
					Instant now = Instant.now();
					boolean end = otherOutcome.isTerminal();
					List<HistoryEvent> append = end
							? List.of(new WorkflowStarted(now), started, new ExecutionCompleted(now, otherOutcome, "\"done\"", null))
							: List.of(new WorkflowStarted(now), started);
					backend.completeWorkflowWorkItem(other, TurnCommits.of(started, append,
							otherOutcome, end ? "\"done\"" : null, null, null, List.of()));
					otherCommitted.set(true);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			};
			WorkflowWorkItem late = backend.nextWorkflowWorkItem(Duration.ofSeconds(2));
			assertThat(otherCommitted).as("the other worker claimed and committed inside the window").isTrue();
			assertThat(late).as("a claim of an instance that has no work left after another worker's commit").isNull();
			List<HistoryEvent> history = backend.getHistory(id);
			assertThat(history.stream().filter(ExecutionCompleted.class::isInstance).count())
				.isEqualTo(otherOutcome.isTerminal() ? 1 : 0);
			assertThat(backend.getInstance(id).status()).isEqualTo(otherOutcome);
		}
		finally {
			backend.workflowClaimHook = null;
			backend.stop();
		}
	}

	@Test
	void sqliteCommitsATurnThatRecordedNothingByOnlyDroppingItsEvents() throws Exception {
		droppedTurn(sqlite("dropped"));
	}

	@Test
	void h2CommitsATurnThatRecordedNothingByOnlyDroppingItsEvents() throws Exception {
		droppedTurn(h2("dropped"));
	}

	/**
	 * The engine answers a turn for an ended run with a result that appends nothing; the backend
	 * then only deletes the consumed events and releases the lease: status, output and custom
	 * status stay as the row has them, whatever the result carries.
	 */
	private void droppedTurn(SqlWorkflowBackend backend) throws Exception {
		backend.start();
		try {
			String id = "sql_drop-" + UUID.randomUUID().toString().substring(0, 8);
			ExecutionStarted started = new ExecutionStarted(Instant.now(), "w", id, UUID.randomUUID().toString(), "1",
					null, null);
			backend.createWorkflowInstance(started, NewWorkflowOptions.ReusePolicy.ERROR);
			WorkflowWorkItem first = backend.nextWorkflowWorkItem(Duration.ofSeconds(10));
			Instant now = Instant.now();
			backend.completeWorkflowWorkItem(first, TurnCommits.of(started, List.of(new WorkflowStarted(now), started),
					WorkflowRuntimeStatus.RUNNING, null, "\"custom\"", null, List.of()));
			backend.addEvent(id, new EventRaised(now, "late", "\"x\""));
			WorkflowWorkItem second = backend.nextWorkflowWorkItem(Duration.ofSeconds(10));
			assertThat(second.newEvents()).hasSize(1);
			backend.completeWorkflowWorkItem(second, TurnCommits.of(started, List.of(),
					WorkflowRuntimeStatus.COMPLETED, "\"ignored\"", null, null, List.of()));
			assertThat(backend.getHistory(id)).hasSize(2);
			assertThat(backend.getInstance(id).status()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
			assertThat(backend.getInstance(id).output()).isNull();
			assertThat(backend.getInstance(id).customStatus()).isEqualTo("\"custom\"");
			assertThat(backend.nextWorkflowWorkItem(Duration.ofMillis(300))).as("the dropped event is gone").isNull();
			backend.addEvent(id, new EventRaised(now, "next", "\"y\""));
			WorkflowWorkItem third = backend.nextWorkflowWorkItem(Duration.ofSeconds(10));
			assertThat(third).as("the lease was released").isNotNull();
			assertThat(((EventRaised) third.newEvents().get(0)).name()).isEqualTo("next");
		}
		finally {
			backend.stop();
		}
	}

}
