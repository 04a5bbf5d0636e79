package dev.workflow.engine;

import java.util.ArrayList;
import java.util.List;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.OutboundMessage;
import dev.workflow.backend.TimerRequest;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.ExecutionTerminated;
import dev.workflow.history.HistoryEvent;

/**
 * The one place the engine builds a {@link WorkflowTurnCommit}: a normal turn, a poison turn that
 * fails the instance, the drop of events for an ended run, the merge of inline-activity rounds and
 * the worker's minimal failing commit all go through here, so a commit's parts always agree.
 * Public so that workers outside the engine (the gRPC endpoint, which applies the actions an SDK
 * worker sent) commit turns through the same builder. Not thread-safe; one builder per turn.
 */
public final class TurnCommitBuilder {

	private final ExecutionStarted started;

	private WorkflowTurnCommit.InstanceUpdate update;

	private final List<HistoryEvent> append = new ArrayList<>();

	private final List<ActivityRequest> activities = new ArrayList<>();

	private final List<TimerRequest> timers = new ArrayList<>();

	private final List<OutboundMessage> outbox = new ArrayList<>();

	private WorkflowTurnCommit.NextRun nextRun;

	private TurnCommitBuilder(ExecutionStarted started) {
		this.started = started;
	}

	/**
	 * A builder for a turn of a run.
	 * @param started the run's start event, or null when the run has not started
	 * @return a builder with nothing set
	 */
	public static TurnCommitBuilder forRun(ExecutionStarted started) {
		return new TurnCommitBuilder(started);
	}

	/** A builder that starts from everything a commit holds. */
	static TurnCommitBuilder from(WorkflowTurnCommit commit) {
		TurnCommitBuilder b = new TurnCommitBuilder(commit.started());
		b.update = commit.update();
		b.append.addAll(commit.historyToAppend());
		b.activities.addAll(commit.activities());
		b.timers.addAll(commit.timers());
		b.outbox.addAll(commit.outbox());
		b.nextRun = commit.nextRun();
		return b;
	}

	/**
	 * Sets the instance's state after the turn.
	 * @param status the runtime status
	 * @param output the JSON output, for a finished run
	 * @param customStatus the JSON custom status, may be null
	 * @param failure the failure, for FAILED
	 * @return this
	 */
	public TurnCommitBuilder update(WorkflowRuntimeStatus status, String output, String customStatus,
			FailureDetails failure) {
		this.update = new WorkflowTurnCommit.InstanceUpdate(status, output, customStatus, failure);
		return this;
	}

	/**
	 * Sets the instance's state after the turn.
	 * @param update the state
	 * @return this
	 */
	public TurnCommitBuilder update(WorkflowTurnCommit.InstanceUpdate update) {
		this.update = update;
		return this;
	}

	/**
	 * Appends one event to the run's history.
	 * @param event the event
	 * @return this
	 */
	public TurnCommitBuilder append(HistoryEvent event) {
		this.append.add(event);
		return this;
	}

	/**
	 * Appends events to the run's history, in order.
	 * @param events the events
	 * @return this
	 */
	public TurnCommitBuilder appendAll(List<? extends HistoryEvent> events) {
		this.append.addAll(events);
		return this;
	}

	/**
	 * Starts an activity call.
	 * @param request the call
	 * @return this
	 */
	public TurnCommitBuilder activity(ActivityRequest request) {
		this.activities.add(request);
		return this;
	}

	/** Replaces the activity calls (the inline merge: the calls that did not run inline). */
	TurnCommitBuilder activities(List<ActivityRequest> requests) {
		this.activities.clear();
		this.activities.addAll(requests);
		return this;
	}

	/**
	 * Starts a timer.
	 * @param timer the timer
	 * @return this
	 */
	public TurnCommitBuilder timer(TimerRequest timer) {
		this.timers.add(timer);
		return this;
	}

	/**
	 * Starts timers.
	 * @param timers the timers
	 * @return this
	 */
	public TurnCommitBuilder timers(List<TimerRequest> timers) {
		this.timers.addAll(timers);
		return this;
	}

	/**
	 * Creates a child instance after the commit.
	 * @param child the child's first event
	 * @return this
	 */
	public TurnCommitBuilder startChild(ExecutionStarted child) {
		this.outbox.add(new OutboundMessage.StartChild(child));
		return this;
	}

	/**
	 * Sends an event to another instance after the commit.
	 * @param instanceId the target
	 * @param executionId the target's run, or null for whatever run is current
	 * @param event the event
	 * @return this
	 */
	public TurnCommitBuilder sendEvent(String instanceId, String executionId, HistoryEvent event) {
		this.outbox.add(new OutboundMessage.SendEvent(instanceId, executionId, event));
		return this;
	}

	/**
	 * Terminates a child instance after the commit.
	 * @param childInstanceId the child
	 * @param event the terminate event
	 * @return this
	 */
	public TurnCommitBuilder terminateChild(String childInstanceId, ExecutionTerminated event) {
		this.outbox.add(new OutboundMessage.TerminateChild(childInstanceId, event));
		return this;
	}

	/**
	 * Adds messages for other instances.
	 * @param messages the messages
	 * @return this
	 */
	public TurnCommitBuilder outbox(List<OutboundMessage> messages) {
		this.outbox.addAll(messages);
		return this;
	}

	/** Drops the outbound messages: a failing commit that must not depend on other instances. */
	TurnCommitBuilder withoutOutbox() {
		this.outbox.clear();
		return this;
	}

	/**
	 * Continues the instance as new with this run.
	 * @param next the next run
	 * @return this
	 */
	public TurnCommitBuilder nextRun(WorkflowTurnCommit.NextRun next) {
		this.nextRun = next;
		return this;
	}

	/**
	 * Builds the commit.
	 * @return the commit
	 */
	public WorkflowTurnCommit build() {
		return new WorkflowTurnCommit(this.started, this.update, this.append, this.activities, this.timers, this.outbox,
				this.nextRun);
	}

}
