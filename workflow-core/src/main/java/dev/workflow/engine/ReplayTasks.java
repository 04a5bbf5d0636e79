package dev.workflow.engine;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.CompositeTaskFailedException;
import dev.workflow.RetryContext;
import dev.workflow.RetryHandler;
import dev.workflow.RetryPolicy;
import dev.workflow.Task;
import dev.workflow.TaskCanceledException;
import dev.workflow.TaskFailedException;

/**
 * The task types of the replay engine. A task completes while the context processes history
 * events; {@link Task#await()} pulls events until the task is done or history runs out.
 */
final class ReplayTasks {

	private static final Logger log = LoggerFactory.getLogger(ReplayTasks.class);

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

		@Override
		public <U> Task<U> thenApply(Function<? super V, ? extends U> fn) {
			Objects.requireNonNull(fn, "fn");
			ValueTask<U> next = new ValueTask<>(this.ctx);
			onDone(() -> {
				if (this.failure instanceof TaskCanceledException canceled && this.cancelled) {
					next.cancel(canceled);
				}
				else if (this.failure != null) {
					next.fail(this.failure);
				}
				else {
					U mapped;
					try {
						mapped = fn.apply(value());
					}
					catch (RuntimeException ex) {
						next.fail(ex);
						return;
					}
					next.complete(mapped);
				}
			});
			return next;
		}

		@Override
		public Task<Void> thenAccept(Consumer<? super V> consumer) {
			Objects.requireNonNull(consumer, "consumer");
			return thenApply(v -> {
				consumer.accept(v);
				return null;
			});
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

	/** A task completed with a value computed in workflow code (the result of thenApply). */
	static final class ValueTask<V> extends BaseTask<V> {

		private V value;

		ValueTask(ReplayContext ctx) {
			super(ctx);
		}

		void complete(V v) {
			if (!isDone()) {
				this.value = v;
				markDone();
			}
		}

		@Override
		V value() {
			return this.value;
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

	/**
	 * Retries an activity or child call after failures, as its retry policy and retry handler
	 * allow, waiting on durable timers in between. A non-retriable failure is never retried.
	 */
	static final class RetriableTask<V> extends BaseTask<V> {

		private final String name;

		private final Supplier<PayloadTask<V>> call;

		private final RetryPolicy policy;

		private final RetryHandler handler;

		private final Instant firstAttemptAt;

		private PayloadTask<V> current;

		private int attempt = 1;

		RetriableTask(ReplayContext ctx, String name, Supplier<PayloadTask<V>> call, RetryPolicy policy,
				RetryHandler handler) {
			super(ctx);
			this.name = name;
			this.call = call;
			this.policy = policy;
			this.handler = handler;
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
			RuntimeException failure = this.current.failure();
			if (!(failure instanceof TaskFailedException failed) || failed.getFailureDetails() == null
					|| failed.getFailureDetails().isNonRetriable()) {
				fail(failure);
				return;
			}
			Duration delay = Duration.ZERO;
			if (this.policy != null) {
				delay = this.policy.delayAfter(this.attempt);
				// saturating sums: a policy of huge intervals waits "for ever" instead of overflowing
				boolean timedOut = this.policy.getRetryTimeout() != null && this.ctx.instantAfter(delay)
					.isAfter(TimeBounds.plus(this.firstAttemptAt, this.policy.getRetryTimeout()));
				if (this.attempt >= this.policy.getMaxAttempts() || timedOut) {
					fail(failure);
					return;
				}
			}
			if (this.handler != null && !askHandler(failed)) {
				return;
			}
			if (!this.ctx.isReplaying()) {
				log.info("Attempt {} of '{}' (task #{}) in instance '{}' failed ({}); retrying in {}", this.attempt,
						this.name, failed.getTaskId(), this.ctx.getInstanceId(), failed.getFailureDetails(), delay);
			}
			this.attempt++;
			if (delay.isZero()) {
				start();
			}
			else {
				this.ctx.newTimer(this.ctx.instantAfter(delay)).onDone(this::start);
			}
		}

		/** Whether the handler wants a retry; a handler that throws fails the call with what it threw. */
		private boolean askHandler(TaskFailedException failed) {
			boolean retry;
			try {
				retry = this.handler.handle(new RetryContext(this.ctx, this.attempt, failed.getFailureDetails(),
						Duration.between(this.firstAttemptAt, this.ctx.getCurrentInstant())));
			}
			catch (RuntimeException ex) {
				fail(ex);
				return false;
			}
			if (!retry) {
				fail(failed);
			}
			return retry;
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
						allDone();
					}
				});
			}
		}

		/** Fails with every failure once all are done, as durabletask does; otherwise completes. */
		private void allDone() {
			List<Exception> failures = new ArrayList<>();
			for (Task<V> t : this.tasks) {
				BaseTask<V> base = asBase(t);
				if (base.failed()) {
					failures.add(base.failure());
				}
			}
			if (failures.isEmpty()) {
				markDone();
				return;
			}
			// "n out of m tasks failed" leads the message, as in durabletask, whose users match on it
			fail(new CompositeTaskFailedException(failures.size() + " out of " + this.tasks.size()
					+ " tasks failed in allOf; getExceptions() has each failure. The first: "
					+ failures.get(0).getMessage(), failures));
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
