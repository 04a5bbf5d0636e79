package dev.workflow.backend.actors;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.backend.BackendJson;

/**
 * Arms saved reminders and delivers each to its actor when due. A reminder is deleted once the
 * receiving actor has stored what it carried (in the same save, see {@link Delivery}), so a crash
 * between the two delivers it again and the actor ignores the duplicate. A failed delivery is
 * retried; a reminder of a partition that moved is left to its new owner.
 */
final class ReminderScheduler {

	private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);

	private final ActorRuntime runtime;

	private final Executor actorPool;

	private final ScheduledExecutorService timers;

	/** A reminder armed here, with its wall-time timer (null while it is delivered). */
	private record Armed(ActorStateStore.Reminder reminder, ScheduledFuture<?> timer) {
	}

	/** Reminders armed in this process and not yet delivered, so polling does not arm them twice. */
	private final Map<String, Armed> armed = new ConcurrentHashMap<>();

	ReminderScheduler(ActorRuntime runtime, Executor actorPool, ScheduledExecutorService timers) {
		this.runtime = runtime;
		this.actorPool = actorPool;
		this.timers = timers;
	}

	/** Arms reminders for partitions held here; the others wait in the store for their owner. */
	void schedule(List<ActorStateStore.Reminder> reminders) {
		if (!this.runtime.isRunning()) {
			return;
		}
		Instant now = this.runtime.clock().instant();
		for (ActorStateStore.Reminder r : reminders) {
			Armed placeholder = new Armed(r, null);
			if (!this.runtime.ownsPartition(r.partition()) || this.armed.putIfAbsent(r.id(), placeholder) != null) {
				continue;
			}
			arm(placeholder, now);
		}
	}

	/** Delivers the reminder now if due by the clock, else when the time left has passed on the wall. */
	private void arm(Armed current, Instant now) {
		ActorStateStore.Reminder r = current.reminder();
		Duration delay = Duration.between(now, r.dueTime());
		if (delay.isNegative() || delay.isZero()) {
			this.actorPool.execute(() -> deliver(r));
			return;
		}
		// in microseconds rounded up: a reminder never fires before its due time
		long micros = delay.getSeconds() >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE / 2
				: delay.getSeconds() * 1_000_000 + (delay.getNano() + 999) / 1000;
		ScheduledFuture<?> timer = this.timers.schedule(() -> deliver(r), micros, TimeUnit.MICROSECONDS);
		// remembered for a clock jump, unless delivery already began and dropped the entry
		this.armed.replace(r.id(), current, new Armed(r, timer));
	}

	/**
	 * The clock jumped forward (a test skipped time): every reminder still waiting on its wall-time
	 * timer is armed again by the new clock, so the due ones are delivered now rather than when
	 * the delay computed before the jump runs out.
	 */
	void clockMoved() {
		if (!this.runtime.isRunning()) {
			return;
		}
		Instant now = this.runtime.clock().instant();
		this.armed.forEach((id, current) -> {
			if (current.timer() != null && current.timer().cancel(false)) {
				Armed placeholder = new Armed(current.reminder(), null);
				if (this.armed.replace(id, current, placeholder)) {
					arm(placeholder, now);
				}
			}
		});
	}

	private void deliver(ActorStateStore.Reminder r) {
		if (!this.runtime.isRunning()) {
			return;
		}
		if (!this.runtime.ownsPartition(r.partition())) {
			this.armed.remove(r.id()); // the partition moved; its new owner delivers it
			return;
		}
		ReminderMessage m = BackendJson.read(r.payload(), ReminderMessage.class);
		// The receiving turn's save deletes the reminder with the state it changes; a turn that
		// saves nothing leaves it to be deleted here.
		deliverTo(r, m).whenComplete((consumed, error) -> {
			if (error == null) {
				try {
					if (!consumed) {
						this.runtime.store().deleteReminder(r.id());
					}
				}
				finally {
					this.armed.remove(r.id());
				}
			}
			else if (this.runtime.isRunning()) {
				log.warn("Delivering a reminder to '{}' failed, retrying in 1s: {}", m.targetInstanceId(), error.toString());
				if (!this.timers.isShutdown()) {
					this.timers.schedule(() -> deliver(r), 1, TimeUnit.SECONDS);
				}
			}
		});
	}

	/** Runs the receiving actor's turn; completes with whether the turn's save consumed the reminder. */
	private CompletableFuture<Boolean> deliverTo(ActorStateStore.Reminder r, ReminderMessage m) {
		if (m.reload()) {
			return this.runtime.workflows().call(m.targetInstanceId(), a -> {
				a.reload();
				return false;
			});
		}
		if (m.activity() != null) {
			return this.runtime.activities().call(ActivityActor.idOf(m.activity()), a -> {
				a.delivery.begin(r.id());
				try {
					a.create(m.activity());
					return a.delivery.end();
				}
				catch (RuntimeException ex) {
					a.delivery.end();
					throw ex;
				}
			});
		}
		if (ClientEvents.isClientEvent(r, m)) {
			// takes in every client event stored for the instance, in order; the save consumes them
			return this.runtime.workflows().call(m.targetInstanceId(), a -> {
				a.drainClientEvents();
				return true;
			});
		}
		return this.runtime.workflows().call(m.targetInstanceId(), a -> {
			a.delivery.begin(r.id());
			try {
				if (m.create() != null) {
					this.runtime.knowApp(m.targetInstanceId(), m.create().appId());
					a.create(m.create(), NewWorkflowOptions.ReusePolicy.IGNORE);
				}
				else {
					a.addEvent(m.event(), m.targetExecutionId(), false);
				}
				return a.delivery.end();
			}
			catch (RuntimeException ex) {
				a.delivery.end();
				throw ex;
			}
		});
	}

	void clear() {
		this.armed.clear();
	}

}
