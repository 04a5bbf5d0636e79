package dev.workflow.backend.actors;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A minimal virtual-actor host: actors are created on first message, each processes one message
 * at a time (turn-based), many actors run in parallel on a bounded pool. Messages to one actor run
 * in the order they were sent.
 *
 * @param <A> the actor class
 */
final class ActorHost<A> {

	private final class Cell {

		final Queue<Runnable> mailbox = new ConcurrentLinkedQueue<>();

		final AtomicBoolean scheduled = new AtomicBoolean();

		final A actor;

		Cell(A actor) {
			this.actor = actor;
		}

		void drain() {
			int budget = 64;
			Runnable next;
			while (budget-- > 0 && (next = this.mailbox.poll()) != null) {
				next.run();
			}
			this.scheduled.set(false);
			if (!this.mailbox.isEmpty() && this.scheduled.compareAndSet(false, true)) {
				ActorHost.this.pool.execute(this::drain);
			}
		}

	}

	private final Map<String, Cell> cells = new ConcurrentHashMap<>();

	private final Function<String, A> factory;

	private final ExecutorService pool;

	/** Turns sent and not finished yet, for telling when the actors are quiet. */
	private final AtomicInteger pendingTurns = new AtomicInteger();

	ActorHost(Function<String, A> factory, ExecutorService pool) {
		this.factory = factory;
		this.pool = pool;
	}

	/**
	 * Runs a turn on an actor.
	 * @param id the actor id
	 * @param turn what to do, on the actor, in its turn
	 * @return the turn's result
	 */
	<R> CompletableFuture<R> call(String id, Function<A, R> turn) {
		CompletableFuture<R> result = new CompletableFuture<>();
		this.pendingTurns.incrementAndGet();
		Cell cell = this.cells.computeIfAbsent(id, k -> new Cell(this.factory.apply(k)));
		cell.mailbox.add(() -> {
			try {
				result.complete(turn.apply(cell.actor));
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
			finally {
				this.pendingTurns.decrementAndGet();
			}
		});
		if (cell.scheduled.compareAndSet(false, true)) {
			this.pool.execute(cell::drain);
		}
		return result;
	}

	/** Whether a turn was sent and has not finished. */
	boolean hasPendingTurns() {
		return this.pendingTurns.get() > 0;
	}

	/** The ids of the actors in memory now. */
	java.util.List<String> ids() {
		return java.util.List.copyOf(this.cells.keySet());
	}

	/**
	 * Drops an idle actor from memory; its state stays in the store.
	 * @param id the actor id
	 * @param idle whether the actor may go, checked in its turn
	 */
	void deactivateIf(String id, Function<A, Boolean> idle) {
		Cell cell = this.cells.get(id);
		if (cell != null) {
			call(id, a -> {
				if (Boolean.TRUE.equals(idle.apply(a)) && cell.mailbox.isEmpty()) {
					this.cells.remove(id, cell);
				}
				return null;
			});
		}
	}

}
