package dev.workflow.backend;

import java.util.List;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Commits that tests hand to a backend directly, without the engine: a turn of one run with no
 * timers, outbox or next run.
 */
public final class TurnCommits {

	private TurnCommits() {
	}

	/**
	 * A commit of a plain turn.
	 * @param started the run's start event
	 * @param append events to append
	 * @param status the status after the turn
	 * @param output the JSON output, or null
	 * @param customStatus the JSON custom status, or null
	 * @param failure the failure, or null
	 * @param activities activity calls to start
	 * @return the commit
	 */
	public static WorkflowTurnCommit of(ExecutionStarted started, List<HistoryEvent> append,
			WorkflowRuntimeStatus status, String output, String customStatus, FailureDetails failure,
			List<ActivityRequest> activities) {
		return new WorkflowTurnCommit(started,
				new WorkflowTurnCommit.InstanceUpdate(status, output, customStatus, failure), append, activities,
				List.of(), List.of(), null);
	}

}
