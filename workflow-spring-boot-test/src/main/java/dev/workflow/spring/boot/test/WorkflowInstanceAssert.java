package dev.workflow.spring.boot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.assertj.core.api.AbstractAssert;

import dev.workflow.FailureDetails;
import dev.workflow.TaskFailedException;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.history.ChildWorkflowFailed;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskFailed;

/**
 * Assertions on one workflow instance, read through its {@link WorkflowClient}; start them with
 * {@link WorkflowAssertions#assertThat(WorkflowClient, String)}. Each assertion reads the
 * instance's current state, so a chain sees the instance as it is at each step.
 */
public final class WorkflowInstanceAssert extends AbstractAssert<WorkflowInstanceAssert, String> {

	private static final long POLL_MILLIS = 10;

	private final WorkflowClient client;

	WorkflowInstanceAssert(WorkflowClient client, String instanceId) {
		super(instanceId, WorkflowInstanceAssert.class);
		this.client = Objects.requireNonNull(client, "client");
		Objects.requireNonNull(instanceId, "instanceId");
	}

	/**
	 * Verifies that the instance exists.
	 * @return this
	 */
	public WorkflowInstanceAssert exists() {
		state();
		return this;
	}

	/**
	 * Waits until the instance has finished (in any terminal status).
	 * @param timeout how long to wait, in wall time
	 * @return this
	 */
	public WorkflowInstanceAssert finishes(Duration timeout) {
		state();
		try {
			this.client.waitForInstanceCompletion(this.actual, timeout, false);
		}
		catch (TimeoutException ex) {
			failWithMessage("Expected workflow instance '%s' to finish within %s, but it is %s", this.actual, timeout,
					describe(state()));
		}
		return this;
	}

	/**
	 * Waits until the instance has finished and verifies that it completed successfully.
	 * @param timeout how long to wait, in wall time
	 * @return this
	 */
	public WorkflowInstanceAssert completes(Duration timeout) {
		return finishes(timeout).hasStatus(WorkflowRuntimeStatus.COMPLETED);
	}

	/**
	 * Waits until the instance has finished and verifies that it failed.
	 * @param timeout how long to wait, in wall time
	 * @return this
	 */
	public WorkflowInstanceAssert fails(Duration timeout) {
		return finishes(timeout).hasStatus(WorkflowRuntimeStatus.FAILED);
	}

	/**
	 * Verifies the instance's runtime status now.
	 * @param expected the status
	 * @return this
	 */
	public WorkflowInstanceAssert hasStatus(WorkflowRuntimeStatus expected) {
		WorkflowInstanceStatus s = state();
		if (s.getRuntimeStatus() != expected) {
			failWithMessage("Expected workflow instance '%s' to be %s, but it is %s", this.actual, expected, describe(s));
		}
		return this;
	}

	/**
	 * Verifies that the instance has not finished.
	 * @return this
	 */
	public WorkflowInstanceAssert isRunning() {
		WorkflowInstanceStatus s = state();
		if (!s.isRunning()) {
			failWithMessage("Expected workflow instance '%s' to be running, but it is %s", this.actual, describe(s));
		}
		return this;
	}

	/**
	 * Verifies the instance's output, read as the expected value's class (as JSON, so records and
	 * other value types compare by their fields).
	 * @param expected the output, or null for none
	 * @return this
	 */
	public WorkflowInstanceAssert hasOutput(Object expected) {
		WorkflowInstanceStatus s = state();
		Object output = expected == null ? s.getSerializedOutput() : s.readOutputAs(expected.getClass());
		if (!Objects.equals(expected, output)) {
			failWithMessage("Expected workflow instance '%s' to have output <%s>, but it has <%s> (%s)", this.actual,
					expected, output, describe(s));
		}
		return this;
	}

	/**
	 * Reads the instance's output as a type and hands it to assertions of the caller's.
	 * @param type the output type
	 * @param requirements the assertions on the output
	 * @param <T> the type
	 * @return this
	 */
	public <T> WorkflowInstanceAssert hasOutputSatisfying(Class<T> type, Consumer<? super T> requirements) {
		requirements.accept(state().readOutputAs(type));
		return this;
	}

	/**
	 * Verifies the instance's custom status, read as the expected value's class.
	 * @param expected the custom status, or null for none
	 * @return this
	 */
	public WorkflowInstanceAssert hasCustomStatus(Object expected) {
		WorkflowInstanceStatus s = state();
		Object status = customStatus(s, expected);
		if (!Objects.equals(expected, status)) {
			failWithMessage("Expected workflow instance '%s' to have custom status <%s>, but it has <%s> (%s)",
					this.actual, expected, status, describe(s));
		}
		return this;
	}

	/**
	 * Waits until the instance's custom status equals the expected one: for a test to act (raise
	 * an event, advance the clock) once the workflow has reached a step.
	 * @param expected the custom status, read as its class
	 * @param timeout how long to wait, in wall time
	 * @return this
	 */
	public WorkflowInstanceAssert reachesCustomStatus(Object expected, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		WorkflowInstanceStatus s = state();
		while (!Objects.equals(expected, customStatus(s, expected)) && System.nanoTime() - deadline < 0) {
			pause();
			s = state();
		}
		if (!Objects.equals(expected, customStatus(s, expected))) {
			failWithMessage("Expected workflow instance '%s' to reach custom status <%s> within %s, but it has <%s> (%s)",
					this.actual, expected, timeout, customStatus(s, expected), describe(s));
		}
		return this;
	}

	/**
	 * Verifies that the instance failed with an error of the type (or a subclass) whose message
	 * contains the text: the workflow's own error or one of its causes, or, when that is a
	 * {@link TaskFailedException} (an activity or child workflow failed and the workflow did not
	 * catch it), the error that activity or child recorded.
	 * @param type the exception type the workflow or activity code threw
	 * @param messagePart text the error message contains, or null for any message
	 * @return this
	 */
	public WorkflowInstanceAssert hasFailure(Class<? extends Throwable> type, String messagePart) {
		WorkflowInstanceStatus s = state();
		if (s.getFailureDetails() == null) {
			failWithMessage("Expected workflow instance '%s' to have failed with %s, but it is %s", this.actual,
					type.getName(), describe(s));
		}
		List<FailureDetails> candidates = failures(s.getFailureDetails());
		for (FailureDetails f : candidates) {
			if (f.isCausedBy(type) && (messagePart == null
					|| (f.getErrorMessage() != null && f.getErrorMessage().contains(messagePart)))) {
				return this;
			}
		}
		failWithMessage("Expected workflow instance '%s' to have failed with %s%s, but it failed with %s", this.actual,
				type.getName(), messagePart == null ? "" : " containing \"" + messagePart + "\"",
				candidates.stream().map(f -> f.getErrorType() + ": " + f.getErrorMessage()).toList());
		return this;
	}

	/** The failure, its causes, and for a failed task the failures of the tasks in history. */
	private List<FailureDetails> failures(FailureDetails failure) {
		List<FailureDetails> out = new ArrayList<>();
		for (FailureDetails f = failure; f != null; f = f.getInnerFailure()) {
			out.add(f);
		}
		if (failure.isCausedBy(TaskFailedException.class)) {
			for (HistoryEvent e : this.client.getInstanceHistory(this.actual)) {
				if (e instanceof TaskFailed t) {
					out.add(t.failure());
				}
				else if (e instanceof ChildWorkflowFailed c) {
					out.add(c.failure());
				}
			}
		}
		return out;
	}

	/**
	 * Switches to assertions on the instance's history as recorded now.
	 * @return the history assertions
	 */
	public WorkflowHistoryAssert history() {
		state();
		return new WorkflowHistoryAssert(this.actual, this.client.getInstanceHistory(this.actual));
	}

	private WorkflowInstanceStatus state() {
		isNotNull();
		WorkflowInstanceStatus s = this.client.getInstanceState(this.actual, true);
		if (s == null) {
			failWithMessage("Expected workflow instance '%s' to exist, but there is no such instance", this.actual);
		}
		return s;
	}

	private static Object customStatus(WorkflowInstanceStatus s, Object like) {
		if (like == null || s.getSerializedCustomStatus() == null) {
			return s.getSerializedCustomStatus();
		}
		return s.readCustomStatusAs(like.getClass());
	}

	/** Status, and what it ended with: the output or the failure. */
	private static String describe(WorkflowInstanceStatus s) {
		StringBuilder out = new StringBuilder().append(s.getRuntimeStatus());
		if (s.getFailureDetails() != null) {
			out.append(" with ").append(s.getFailureDetails().getErrorType()).append(": ")
				.append(s.getFailureDetails().getErrorMessage());
		}
		else if (s.getSerializedOutput() != null) {
			out.append(" with output ").append(s.getSerializedOutput());
		}
		if (s.getSerializedCustomStatus() != null) {
			out.append(", custom status ").append(s.getSerializedCustomStatus());
		}
		return out.toString();
	}

	private static void pause() {
		try {
			Thread.sleep(POLL_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a workflow instance", ex);
		}
	}

}
