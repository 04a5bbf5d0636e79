package dev.workflow.engine;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.workflow.FailureDetails;
import dev.workflow.Task;
import dev.workflow.TaskCanceledException;
import dev.workflow.TaskFailedException;
import dev.workflow.TaskOptions;
import dev.workflow.engine.ReplayActions.ScheduleActivity;
import dev.workflow.engine.ReplayActions.SendEvent;
import dev.workflow.engine.ReplayActions.StartChild;
import dev.workflow.engine.ReplayTasks.PayloadTask;
import dev.workflow.engine.ReplayTasks.RetriableTask;

/**
 * The calls workflow code makes through its context that create tasks or send messages: activity
 * and child calls (with retries and timeouts), external event waits and events sent to other
 * instances. Kept apart from {@link ReplayContext}, which walks history, so each stays small.
 */
final class ReplayCalls {

	private final ReplayContext ctx;

	ReplayCalls(ReplayContext ctx) {
		this.ctx = ctx;
	}

	<V> Task<V> callActivity(String name, Object input, TaskOptions options, Class<V> resultType) {
		Names.validate(name, "activity");
		String json = this.ctx.checkedPayload(input, "input of activity '" + name + "'");
		Duration timeout = options == null ? null : options.getTimeout();
		String appId = targetApp(options);
		if (retries(options)) {
			return new RetriableTask<>(this.ctx, name, () -> scheduleActivity(name, json, resultType, timeout, appId),
					options.getRetryPolicy(), options.getRetryHandler());
		}
		return scheduleActivity(name, json, resultType, timeout, appId);
	}

	/**
	 * The app a call goes to: the one its options name, else the calling instance's own app (as in
	 * Dapr, a call without an app id stays in the caller's app); null when neither has one.
	 */
	private String targetApp(TaskOptions options) {
		String named = options == null ? null : options.getAppId();
		return named != null ? named : this.ctx.started().appId();
	}

	private static boolean retries(TaskOptions options) {
		return options != null && (options.getRetryPolicy() != null || options.getRetryHandler() != null);
	}

	/**
	 * Schedules an activity call; with a timeout, also a durable timer that fails the call when
	 * it fires first. The timer makes the timeout hold across restarts; a result that arrives after
	 * it is ignored like any result for a task that is no longer open.
	 */
	private <V> PayloadTask<V> scheduleActivity(String name, String json, Class<V> resultType, Duration timeout,
			String appId) {
		int id = this.ctx.actions().nextId();
		PayloadTask<V> task = new PayloadTask<>(this.ctx, name, id, resultType);
		this.ctx.actions().add(new ScheduleActivity(id, name, json, appId), task);
		if (timeout != null) {
			this.ctx.newTimer(this.ctx.getCurrentInstant().plus(timeout)).onDone(() -> {
				if (!task.isDone()) {
					this.ctx.actions().abandon(task.id);
					task.fail(new TaskFailedException(name, task.id, new FailureDetails(
							TimeoutException.class.getName(), "Activity '" + name + "' (task #" + task.id
									+ ") did not complete within its timeout of " + timeout,
							null)));
					ReplayContext.ActivityTimeouts listener = this.ctx.activityTimeouts();
					if (!this.ctx.isReplaying() && listener != null) {
						listener.timedOut(this.ctx.getInstanceId(), this.ctx.started().executionId(), task.id);
					}
				}
			});
		}
		return task;
	}

	<V> Task<V> callChildWorkflow(String name, Object input, String instanceId, TaskOptions options,
			Class<V> resultType) {
		Names.validate(name, "workflow");
		String json = this.ctx.checkedPayload(input, "input of child workflow '" + name + "'");
		if (instanceId != null) {
			InstanceIds.validate(instanceId);
			if (instanceId.equals(this.ctx.getInstanceId())) {
				// The id is taken by this very instance, so the child could never start and the call
				// would wait for ever; failing the task lets the parent catch it. Nothing is recorded:
				// a replay takes the same path.
				PayloadTask<V> refused = new PayloadTask<>(this.ctx, name, -1, resultType);
				refused.fail(new TaskFailedException(name, -1, new FailureDetails(IllegalArgumentException.class.getName(),
						"Child workflow '" + name + "' cannot be started with instance id '" + instanceId
								+ "': that is the calling workflow's own instance id; a child needs an id of its own "
								+ "(or null to derive one)",
						null)));
				return refused;
			}
		}
		String appId = targetApp(options);
		if (retries(options)) {
			return new RetriableTask<>(this.ctx, name, () -> startChild(name, json, instanceId, resultType, appId),
					options.getRetryPolicy(), options.getRetryHandler());
		}
		return startChild(name, json, instanceId, resultType, appId);
	}

	private <V> PayloadTask<V> startChild(String name, String json, String requestedId, Class<V> resultType,
			String appId) {
		int id = this.ctx.actions().nextId();
		String childId = requestedId != null ? requestedId
				: InstanceIds.childId(this.ctx.getInstanceId(), this.ctx.started().executionId(), id);
		PayloadTask<V> task = new PayloadTask<>(this.ctx, name, id, resultType);
		this.ctx.actions().add(new StartChild(id, name, childId, json, appId), task);
		return task;
	}

	<V> Task<V> waitForExternalEvent(String name, Duration timeout, Class<V> dataType) {
		Names.validate(name, "event");
		ExternalEvents events = this.ctx.externalEvents();
		PayloadTask<V> task = new PayloadTask<>(this.ctx, name, -1, dataType);
		if (events.await(name, task) || timeout == null || timeout.isNegative()) {
			return task;
		}
		if (timeout.isZero()) {
			// No timer is started, so no sequence number names the wait: -1 as for other unrecorded tasks.
			events.withdraw(name, task);
			task.cancel(new TaskCanceledException(timeoutMessage(timeout, name, -1), name, -1));
		}
		else {
			PayloadTask<Void> timer = this.ctx.newTimer(this.ctx.instantAfter(timeout));
			timer.onDone(() -> {
				if (!task.isDone()) {
					events.withdraw(name, task);
					task.cancel(new TaskCanceledException(timeoutMessage(timeout, name, timer.id), name, timer.id));
				}
			});
		}
		return task;
	}

	/** The text durabletask uses, which users match on; the id is the timeout timer's. */
	static String timeoutMessage(Duration timeout, String name, int id) {
		return "Timeout of " + timeout + " expired while waiting for an event named '" + name + "' (ID = " + id
				+ ").";
	}

	void sendEvent(String instanceId, String eventName, Object payload) {
		InstanceIds.validate(instanceId);
		Names.validate(eventName, "event");
		String json = this.ctx.checkedPayload(payload, "payload of event '" + eventName + "'");
		int id = this.ctx.actions().nextId();
		this.ctx.actions().add(new SendEvent(id, instanceId, eventName, json), null);
	}

}
