package dev.workflow.spring.boot.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.backend.TimeSkipping;
import dev.workflow.backend.WorkflowBackend;

/**
 * The clock of a workflow test: real time plus the time skipped or {@linkplain #advance(Duration)
 * advanced}, so workflow time runs ahead of the wall clock and never goes back.
 * <p>
 * With <em>time skipping</em> on (the default), whenever the backend is quiet (no workflow turn
 * or activity running or queued, no message due, every instance waiting on a timer or an outside
 * event) the clock jumps to the next due timer, so a workflow with a 30-day timer completes in
 * milliseconds. Work leases keep the time they had left over a jump, and the client's waits with
 * a timeout ({@code waitForInstanceCompletion}) keep counting wall time.
 * <p>
 * A wait for an external event with a timeout is a timer too: while a test has yet to raise the
 * event, turn skipping off ({@link #setTimeSkipping(boolean)}, or
 * {@code @WorkflowTest(timeSkipping = false)}) and move time by hand with {@link #advance(Duration)}.
 * <p>
 * In a {@link WorkflowTest @WorkflowTest} the clock is a bean to inject. Without Spring, pass it
 * to {@code WorkflowRuntime.builder().clock(clock)} and {@link #attach(WorkflowBackend)} the
 * runtime's backend:
 * <pre>{@code
 * WorkflowTestClock clock = new WorkflowTestClock();
 * WorkflowRuntime runtime = WorkflowRuntime.builder().clock(clock).registerWorkflow(...).build();
 * clock.attach(runtime.backend());
 * runtime.start();
 * }</pre>
 */
public final class WorkflowTestClock extends Clock implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WorkflowTestClock.class);

	/** How often the skipper looks whether the backend is quiet, while there is something to do. */
	private static final long POLL_MILLIS = 5;

	/** How often it looks while nothing runs and no timer waits (a cached test context at rest). */
	private static final long IDLE_POLL_MILLIS = 50;

	/**
	 * Consecutive quiet looks before a jump: one look could fall between two steps of the same
	 * hand-over, two apart cannot without the backend reporting the step in between.
	 */
	private static final int QUIET_LOOKS = 2;

	private final Object lock = new Object();

	private volatile Duration offset = Duration.ZERO;

	private volatile boolean timeSkipping = true;

	private volatile TimeSkipping backend;

	private volatile Thread skipper;

	/** A clock at the real time now, with time skipping on. */
	public WorkflowTestClock() {
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		WorkflowTestClock source = this;
		return new Clock() {
			@Override
			public ZoneId getZone() {
				return zone;
			}

			@Override
			public Clock withZone(ZoneId other) {
				return source.withZone(other);
			}

			@Override
			public Instant instant() {
				return source.instant();
			}
		};
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	/**
	 * How far this clock is ahead of the wall clock: the time skipped and advanced so far.
	 * @return the offset, zero or positive
	 */
	public Duration offset() {
		return this.offset;
	}

	/**
	 * Whether the clock jumps to the next timer when the backend is quiet.
	 * @return true if time skipping is on
	 */
	public boolean isTimeSkipping() {
		return this.timeSkipping;
	}

	/**
	 * Turns time skipping on or off; {@link #advance(Duration)} works either way.
	 * @param timeSkipping whether to skip to the next timer when the backend is quiet
	 */
	public void setTimeSkipping(boolean timeSkipping) {
		this.timeSkipping = timeSkipping;
	}

	/**
	 * Moves the clock forward; timers that become due fire right away, leases keep their time left.
	 * @param by how far, zero or positive
	 * @throws IllegalArgumentException if {@code by} is negative: workflow time never goes back
	 */
	public void advance(Duration by) {
		Objects.requireNonNull(by, "by");
		if (by.isNegative()) {
			throw new IllegalArgumentException("Cannot advance the workflow test clock by " + by
					+ ": workflow time never goes back; pass a duration of zero or more");
		}
		moveForward(by);
	}

	/**
	 * Connects the clock to the backend whose timers it skips to and starts skipping (a daemon
	 * thread, stopped by {@link #close()}). A backend that does not implement {@link TimeSkipping}
	 * is refused, as skipping could not work on it.
	 * @param backend the backend, created with this clock (see {@code BackendContext#clock()})
	 * @throws IllegalArgumentException if the backend cannot skip time
	 * @throws IllegalStateException if the clock is attached already
	 */
	public synchronized void attach(WorkflowBackend backend) {
		if (!(backend instanceof TimeSkipping skipping)) {
			throw new IllegalArgumentException("The workflow backend " + backend.getClass().getName()
					+ " cannot skip time; use the actors backend (as @WorkflowTest does), which implements "
					+ TimeSkipping.class.getName());
		}
		if (this.backend != null) {
			throw new IllegalStateException("This WorkflowTestClock is attached to a backend already; use one clock "
					+ "per runtime");
		}
		this.backend = skipping;
		Thread thread = new Thread(this::skipWhileOpen, "workflow-test-clock");
		thread.setDaemon(true);
		this.skipper = thread;
		thread.start();
	}

	/** Stops skipping; the clock keeps its offset. */
	@Override
	public synchronized void close() {
		Thread thread = this.skipper;
		this.skipper = null;
		if (thread != null) {
			thread.interrupt();
		}
	}

	private void skipWhileOpen() {
		int quietLooks = 0;
		long pause = POLL_MILLIS;
		long restPause = POLL_MILLIS;
		while (this.skipper == Thread.currentThread()) {
			try {
				Thread.sleep(pause);
			}
			catch (InterruptedException ex) {
				return;
			}
			try {
				boolean quiet = this.timeSkipping && this.backend.isQuiet();
				// a look after a long pause starts a new run: the quiet looks must be close together
				quietLooks = !quiet ? 0 : pause > POLL_MILLIS ? 1 : quietLooks + 1;
				if (quietLooks < QUIET_LOOKS) {
					pause = POLL_MILLIS;
					restPause = quiet ? restPause : POLL_MILLIS;
				}
				else if (skipToNextTimer()) {
					quietLooks = 0;
					pause = POLL_MILLIS;
					restPause = POLL_MILLIS;
				}
				else {
					// at rest (quiet, no timer to skip to, as a cached test context between tests)
					restPause = Math.min(IDLE_POLL_MILLIS, restPause * 2);
					pause = restPause;
				}
			}
			catch (RuntimeException ex) {
				// a backend stopping under the skipper; the next look decides again
				log.debug("Time skipping could not look at the backend: {}", ex.toString());
				quietLooks = 0;
				pause = POLL_MILLIS;
			}
		}
	}

	/** Jumps to the next due timer if there is one ahead; true if the clock moved. */
	private boolean skipToNextTimer() {
		Optional<Instant> next = this.backend.nextTimerDue();
		if (next.isEmpty()) {
			return false;
		}
		Duration by = Duration.between(instant(), next.get());
		if (by.isNegative() || by.isZero() || !this.backend.isQuiet()) {
			return false;
		}
		log.debug("Every workflow waits on a timer: skipping {} to {}", by, next.get());
		moveForward(by);
		return true;
	}

	private void moveForward(Duration by) {
		TimeSkipping target = this.backend;
		synchronized (this.lock) {
			if (target != null) {
				target.clockMovingForward(by);
			}
			this.offset = this.offset.plus(by);
		}
		if (target != null) {
			target.clockMovedForward();
		}
	}

}
