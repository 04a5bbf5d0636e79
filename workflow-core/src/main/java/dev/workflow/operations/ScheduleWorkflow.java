package dev.workflow.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.workflow.ScheduleCatchUpPolicy;
import dev.workflow.ScheduleOverlapPolicy;
import dev.workflow.TaskCanceledException;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowFunction;

/**
 * The workflow behind every schedule instance. Each run waits for the next due time (or a
 * command), starts what fell due through the {@value #START_ACTIVITY} activity under ids derived
 * from the schedule id and the due time, and continues as new, so its history stays short. Due
 * times are computed from the workflow's own clock, so a replay computes the same ones.
 */
final class ScheduleWorkflow implements WorkflowFunction<ScheduleState, Void> {

	/** The system workflow's name. */
	static final String NAME = "dapr.workflow.schedule";

	/** The activity that starts one run. */
	static final String START_ACTIVITY = "dapr.workflow.schedule.start";

	/** How often a run kept waiting by {@code BUFFER_ONE} checks whether the previous one ended. */
	static final Duration BUFFER_POLL = Duration.ofSeconds(1);

	/** How far back due times are counted after a downtime, unless the catch-up window is longer. */
	static final Duration LOOKBACK = Duration.ofDays(1);

	/** At most this many due times are started in one wake-up (RUN_ALL after a long downtime). */
	static final int MAX_CATCH_UP = 100;

	@Override
	public Void run(WorkflowContext ctx, ScheduleState input) {
		ScheduleState state = input;
		Instant now = ctx.getCurrentInstant();
		if (state.nextDueMillis() == null) {
			Instant first = state.spec().nextAfter(now);
			state = state.withNextDue(first == null ? null : first.toEpochMilli());
		}
		Instant due = state.nextDueMillis() == null ? null : Instant.ofEpochMilli(state.nextDueMillis());
		Instant wakeAt = state.paused() ? null : due;
		if (!state.paused() && state.bufferedDueMillis() != null) {
			Instant poll = now.plus(BUFFER_POLL);
			wakeAt = wakeAt == null || poll.isBefore(wakeAt) ? poll : wakeAt;
		}
		if (wakeAt == null || wakeAt.isAfter(now)) {
			Duration wait = wakeAt == null ? null : Duration.between(now, wakeAt);
			try {
				ScheduleCommand command = ctx.waitForExternalEvent(ScheduleCommand.EVENT, wait, ScheduleCommand.class)
					.await();
				ctx.continueAsNew(apply(ctx, state, command));
				return null;
			}
			catch (TaskCanceledException timedOut) {
				now = ctx.getCurrentInstant();
			}
		}
		if (state.bufferedDueMillis() != null) {
			state = startBuffered(ctx, state);
		}
		if (due != null && !now.isBefore(due)) {
			state = startDue(ctx, state, due, now);
		}
		ctx.continueAsNew(state);
		return null;
	}

	private static ScheduleState apply(WorkflowContext ctx, ScheduleState state, ScheduleCommand command) {
		return switch (command.kind()) {
			case PAUSE -> state.withPaused(true);
			case RESUME -> state.withPaused(false);
			case UPDATE -> command.spec() == null ? state : state.withSpec(command.spec());
			case TRIGGER -> {
				long at = command.triggerMillis() != null ? command.triggerMillis()
						: ctx.getCurrentInstant().toEpochMilli();
				String runId = state.spec().id() + "-t" + at;
				start(ctx, state, runId, ScheduleOverlapPolicy.ALLOW);
				yield state.withLastRun(runId);
			}
		};
	}

	private static ScheduleState startBuffered(WorkflowContext ctx, ScheduleState state) {
		String runId = runId(state, Instant.ofEpochMilli(state.bufferedDueMillis()));
		StartRequest.Outcome outcome = start(ctx, state, runId, ScheduleOverlapPolicy.SKIP);
		return outcome == StartRequest.Outcome.BUSY ? state : state.withLastRun(runId).withBuffered(null);
	}

	/** Starts what fell due from {@code due} up to {@code now}, as the catch-up policy says. */
	private static ScheduleState startDue(WorkflowContext ctx, ScheduleState state, Instant due, Instant now) {
		StoredSpec spec = state.spec();
		List<Instant> fellDue = new ArrayList<>();
		Instant next = due;
		// After a long downtime, due times older than the window and than a day are missed for every
		// policy (RUN_LATEST needs only the latest): start counting there, not at the first one
		Duration lookback = spec.catchUpWindow().compareTo(LOOKBACK) > 0 ? spec.catchUpWindow() : LOOKBACK;
		if (next.isBefore(now.minus(lookback))) {
			Instant recent = spec.nextAfter(now.minus(lookback).minusMillis(1));
			if (recent != null && !recent.isAfter(now)) {
				next = recent;
			}
		}
		while (next != null && !next.isAfter(now)) {
			fellDue.add(next);
			if (fellDue.size() > MAX_CATCH_UP) {
				fellDue.remove(0);
			}
			next = spec.nextAfter(next);
		}
		Instant latest = fellDue.get(fellDue.size() - 1);
		Instant oldestOnTime = now.minus(spec.catchUpWindow());
		List<Instant> toStart = new ArrayList<>();
		if (spec.catchUp() == ScheduleCatchUpPolicy.RUN_ALL) {
			fellDue.stream().filter(d -> !d.isBefore(oldestOnTime)).forEach(toStart::add);
		}
		else if (spec.catchUp() == ScheduleCatchUpPolicy.RUN_LATEST || !latest.isBefore(oldestOnTime)) {
			toStart.add(latest);
		}
		if (!state.paused()) {
			for (Instant d : toStart) {
				String runId = runId(state, d);
				StartRequest.Outcome outcome = start(ctx, state, runId, spec.overlap());
				if (outcome != StartRequest.Outcome.BUSY) {
					state = state.withLastRun(runId);
				}
				else if (spec.overlap() == ScheduleOverlapPolicy.BUFFER_ONE && state.bufferedDueMillis() == null) {
					state = state.withBuffered(d.toEpochMilli());
				}
			}
		}
		return state.withNextDue(next == null ? null : next.toEpochMilli());
	}

	private static StartRequest.Outcome start(WorkflowContext ctx, ScheduleState state, String runId,
			ScheduleOverlapPolicy overlap) {
		StoredSpec spec = state.spec();
		return ctx.callActivity(START_ACTIVITY,
				new StartRequest(spec.workflowName(), spec.inputJson(), runId, spec.id(), overlap),
				StartRequest.Outcome.class)
			.await();
	}

	/**
	 * A run's instance id: the schedule id and the due time in epoch seconds.
	 * @param state the schedule
	 * @param due the due time
	 * @return the id
	 */
	static String runId(ScheduleState state, Instant due) {
		return state.spec().id() + "-" + due.getEpochSecond();
	}

}
