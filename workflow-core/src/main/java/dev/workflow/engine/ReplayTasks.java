package dev.workflow.engine;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.workflow.RetryPolicy;
import dev.workflow.Task;
import dev.workflow.TaskCanceledException;
import dev.workflow.TaskFailedException;

/**
 * The task types of the replay engine. A task completes while the context processes history
 * events; {@link Task#await()} pulls events until the task is done or history runs out.
 */
final class ReplayTasks {

	private ReplayTasks() {
	}

	abstract static class BaseTask<V> implements Task<V> {

		final ReplayContext ctx;

		private boolean done;

		private boolean cancelled;

		private RuntimeException failure;

		private List<Runnable> callbacks;

		BaseTask(ReplayContext ctx) {
			this.ctx = ctx;
		}

		@Override
		public V await() {
			while (!this.done) {
				if (!this.ctx.processNextEvent()) {
					throw Signals.Blocked.INSTANCE;
				}
			}
			if (this.failure != null) {
				throw this.failure;
			}
			return value();
		}

		/** The result once done without failure. */
		abstract V value();

		@Override
		public boolean isDone() {
			return this.done;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		boolean failed() {
			return this.failure != null;
		}

		RuntimeException failure() {
			return this.failure;
		}

		void markDone() {
			if (this.done) {
				return;
			}
			this.done = true;
			if (this.callbacks != null) {
				List<Runnable> run = this.callbacks;
				this.callbacks = null;
				run.forEach(Runnable::run);
			}
		}

		void fail(RuntimeException ex) {
			if (!this.done) {
				this.failure = ex;
				markDone();
			}
		}

		void cancel(TaskCanceledException ex) {
			if (!this.done) {
				this.cancelled = true;
				this.failure = ex;
				markDone();
			}
		}

		void onDone(Runnable callback) {
			if (this.done) {
				callback.run();
			}
			else {
				if (this.callbacks == null) {
					this.callbacks = new ArrayList<>(2);
				}
				this.callbacks.add(callback);
			}
		}

	}

	/** A task completed by one event carrying a JSON payload (activity, child, timer, external event). */
	static class PayloadTask<V> extends BaseTask<V> {

		final String name;

		final int id;

		private final Type type;

		private String json;

		PayloadTask(ReplayContext ctx, String name, int id, Type type) {
			super(ctx);
			this.name = name;
			this.id = id;
			this.type = type;
		}

		void complete(String json) {
			if (!isDone()) {
				this.json = json;
				markDone();
			}
		}

		@Override
		V value() {
			return this.ctx.converter().deserialize(this.json, this.type);
		}

	}

	/** Retries an activity or child call after failures, waiting on durable timers in between. */
	static final class RetriableTask<V> extends BaseTask<V> {

		private final Supplier<PayloadTask<V>> call;

		private final RetryPolicy policy;

		private final Instant firstAttemptAt;

		private PayloadTask<V> current;

		private int attempt = 1;

		RetriableTask(ReplayContext ctx, Supplier<PayloadTask<V>> call, RetryPolicy policy) {
			super(ctx);
			this.call = call;
			this.policy = policy;
			this.firstAttemptAt = ctx.getCurrentInstant();
			start();
		}

		private void start() {
			this.current = this.call.get();
			this.current.onDone(this::attemptDone);
		}

		private void attemptDone() {
			if (!this.current.failed()) {
				markDone();
				return;
			}
			Duration delay = this.policy.delayAfter(this.attempt);
			// saturating sums: a policy of huge intervals waits "for ever" instead of overflowing
			boolean timedOut = this.policy.getRetryTimeout() != null && this.ctx.instantAfter(delay)
				.isAfter(TimeBounds.plus(this.firstAttemptAt, this.policy.getRetryTimeout()));
			if (this.attempt >= this.policy.getMaxAttempts() || timedOut
					|| !(this.current.failure() instanceof TaskFailedException)) {
				fail(this.current.failure());
				return;
			}
			this.attempt++;
			BaseTask<Void> timer = this.ctx.newTimer(this.ctx.instantAfter(delay));
			timer.onDone(this::start);
		}

		@Override
		V value() {
			return this.current.value();
		}

	}

	/** Completes with all results once every task is done. */
	static final class AllOfTask<V> extends BaseTask<List<V>> {

		private final List<Task<V>> tasks;

		private int remaining;

		AllOfTask(ReplayContext ctx, List<Task<V>> tasks) {
			super(ctx);
			this.tasks = List.copyOf(tasks);
			this.remaining = this.tasks.size();
			if (this.remaining == 0) {
				markDone();
			}
			for (Task<V> t : this.tasks) {
				asBase(t).onDone(() -> {
					if (--this.remaining == 0) {
						this.tasks.stream()
							.map(ReplayTasks::asBase)
							.filter(BaseTask::failed)
							.findFirst()
							.ifPresentOrElse(f -> fail(f.failure()), this::markDone);
					}
				});
			}
		}

		@Override
		List<V> value() {
			List<V> values = new ArrayList<>(this.tasks.size());
			for (Task<V> t : this.tasks) {
				values.add(t.await());
			}
			return values;
		}

	}

	/** Completes with the first task that is done. */
	static final class AnyOfTask extends BaseTask<Task<?>> {

		private Task<?> winner;

		AnyOfTask(ReplayContext ctx, List<Task<?>> tasks) {
			super(ctx);
			if (tasks.isEmpty()) {
				throw new IllegalArgumentException("anyOf needs at least one task");
			}
			for (Task<?> t : tasks) {
				asBase(t).onDone(() -> {
					if (this.winner == null) {
						this.winner = t;
						markDone();
					}
				});
			}
		}

		@Override
		Task<?> value() {
			return this.winner;
		}

	}

	@SuppressWarnings("unchecked")
	static <V> BaseTask<V> asBase(Task<V> task) {
		if (task instanceof BaseTask<V> base) {
			return base;
		}
		throw new IllegalArgumentException(
				"Only tasks created by this WorkflowContext can be combined, got " + task.getClass().getName());
	}

}
