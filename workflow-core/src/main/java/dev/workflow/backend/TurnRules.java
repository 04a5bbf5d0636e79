package dev.workflow.backend;

import java.time.Instant;
import java.util.List;

import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ExecutionResumed;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionSuspended;
import dev.workflow.history.HistoryEvent;

/**
 * Rules every backend applies when it stores a turn or an event, kept here once so that backends
 * cannot drift apart. Pure functions: no state, no I/O.
 */
public final class TurnRules {

	private TurnRules() {
	}

	/**
	 * Whether an instance's current run takes an event addressed to a run: events for an earlier run
	 * (a timer or a child's result that arrives after continue-as-new) are dropped. An
	 * {@link ExecutionStarted} always passes, since it begins the run that becomes current.
	 * @param currentExecutionId the execution id of the instance's current run
	 * @param targetExecutionId the run the event is for, or null for whatever run is current
	 * @param event the event
	 * @return true if the event belongs to the current run
	 */
	public static boolean acceptsEvent(String currentExecutionId, String targetExecutionId, HistoryEvent event) {
		return targetExecutionId == null || targetExecutionId.equals(currentExecutionId)
				|| event instanceof ExecutionStarted;
	}

	/**
	 * An instance's metadata after a turn: status, output, custom status and failure from the
	 * commit's update; name, execution id and input from the commit's run when it names one (a run
	 * that has not started keeps what the create stored); creation time and parent never change.
	 * The SQL backend writes the same rule as one UPDATE statement.
	 * @param before the metadata before the turn
	 * @param commit the turn
	 * @param now the commit time, the new last-updated time
	 * @return the metadata after the turn
	 */
	public static InstanceMetadata metadataAfter(InstanceMetadata before, WorkflowTurnCommit commit, Instant now) {
		ExecutionStarted run = commit.started();
		WorkflowTurnCommit.InstanceUpdate u = commit.update();
		return new InstanceMetadata(before.instanceId(), run != null ? run.name() : before.name(),
				run != null ? run.executionId() : before.executionId(), u.status(), before.createdAt(), now,
				run != null ? run.input() : before.input(), u.output(), u.customStatus(), u.failure(),
				before.parentInstanceId());
	}

	/**
	 * The status an instance shows as soon as a client's event is added to its inbox, before any
	 * turn processes it: a suspend shows SUSPENDED and a resume RUNNING at once, as Dapr's clients
	 * expect right after {@code suspendWorkflow}/{@code resumeWorkflow} return. Other events, and
	 * finished instances, leave the status as it is. The turn that processes the event later
	 * reaches the same status.
	 * @param current the stored status
	 * @param added the event added to the inbox
	 * @return the status to store
	 */
	public static WorkflowRuntimeStatus statusOnEvent(WorkflowRuntimeStatus current, HistoryEvent added) {
		if (added instanceof ExecutionSuspended
				&& (current == WorkflowRuntimeStatus.RUNNING || current == WorkflowRuntimeStatus.PENDING)) {
			return WorkflowRuntimeStatus.SUSPENDED;
		}
		if (added instanceof ExecutionResumed && current == WorkflowRuntimeStatus.SUSPENDED) {
			return WorkflowRuntimeStatus.RUNNING;
		}
		return current;
	}

	/**
	 * The status a turn's commit stores. While the run goes on (the turn says RUNNING or
	 * SUSPENDED) the stored status wins over the turn's: {@link #statusOnEvent} already applied
	 * every suspend and resume added, including those that arrived after the work item was taken,
	 * which the turn did not see; the turn's own view would put back a state the client already
	 * changed. An end of the run (or PENDING, which no turn reports) is the turn's to decide.
	 * @param stored the status stored when the commit runs
	 * @param committed the status the turn computed
	 * @return the status to store
	 */
	public static WorkflowRuntimeStatus statusOnCommit(WorkflowRuntimeStatus stored, WorkflowRuntimeStatus committed) {
		return goesOn(stored) && goesOn(committed) ? stored : committed;
	}

	private static boolean goesOn(WorkflowRuntimeStatus status) {
		return status == WorkflowRuntimeStatus.RUNNING || status == WorkflowRuntimeStatus.SUSPENDED;
	}

	/**
	 * Whether a turn's commit gives way to a suspend that arrived after its work item was taken:
	 * the client already reads SUSPENDED ({@link #statusOnEvent}), so a turn that did not see the
	 * suspend must not move the run on (go on with new work, or continue as new) behind that
	 * status. Such a commit is dropped instead: the lease is released, nothing is consumed, and the
	 * next turn takes the events again together with the suspend, which then holds the run. A turn
	 * that ends the run (completes, fails, is terminated) is kept: a finished run stays finished.
	 * Each suspend causes at most one such retry, since the retried turn sees it.
	 * @param committed the status the turn computed
	 * @param arrivedAfterClaim the inbox events the work item did not carry
	 * @return true to drop the commit and release the lease
	 */
	public static boolean yieldsToLaterSuspend(WorkflowRuntimeStatus committed, List<HistoryEvent> arrivedAfterClaim) {
		return movesTheRunOn(committed) && arrivedAfterClaim.stream().anyMatch(ExecutionSuspended.class::isInstance);
	}

	/**
	 * Whether a turn with this status moves its run on (goes on with new work or continues as new),
	 * so it {@link #yieldsToLaterSuspend yields} to a suspend that came after its claim.
	 * @param committed the status the turn computed
	 * @return true for RUNNING and CONTINUED_AS_NEW
	 */
	public static boolean movesTheRunOn(WorkflowRuntimeStatus committed) {
		return committed == WorkflowRuntimeStatus.RUNNING || committed == WorkflowRuntimeStatus.CONTINUED_AS_NEW;
	}

}
