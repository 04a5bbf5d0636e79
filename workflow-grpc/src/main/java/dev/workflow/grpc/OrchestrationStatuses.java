package dev.workflow.grpc;

import dev.workflow.WorkflowRuntimeStatus;

/**
 * The wire numbers of durabletask's {@code OrchestrationStatus}, which both protocol flavours
 * share (0 running to 7 suspended), so each flavour maps its generated enum through these numbers
 * instead of keeping a table of its own.
 */
public final class OrchestrationStatuses {

	private static final WorkflowRuntimeStatus[] BY_NUMBER = { WorkflowRuntimeStatus.RUNNING,
			WorkflowRuntimeStatus.COMPLETED, WorkflowRuntimeStatus.CONTINUED_AS_NEW, WorkflowRuntimeStatus.FAILED,
			WorkflowRuntimeStatus.CANCELED, WorkflowRuntimeStatus.TERMINATED, WorkflowRuntimeStatus.PENDING,
			WorkflowRuntimeStatus.SUSPENDED };

	private OrchestrationStatuses() {
	}

	/**
	 * The wire number of a status. The protocol has no stalled state: a stalled run (waiting for a
	 * deployment of its version) is alive, which is closest to running.
	 * @param status our status
	 * @return its {@code OrchestrationStatus} number
	 */
	public static int number(WorkflowRuntimeStatus status) {
		return switch (status) {
			case RUNNING, STALLED -> 0;
			case COMPLETED -> 1;
			case CONTINUED_AS_NEW -> 2;
			case FAILED -> 3;
			case CANCELED -> 4;
			case TERMINATED -> 5;
			case PENDING -> 6;
			case SUSPENDED -> 7;
		};
	}

	/**
	 * The status of a wire number.
	 * @param number the {@code OrchestrationStatus} number a client sent
	 * @return our status
	 * @throws IllegalArgumentException for a number outside 0 to 7
	 */
	public static WorkflowRuntimeStatus of(int number) {
		if (number < 0 || number >= BY_NUMBER.length) {
			throw new IllegalArgumentException("Unknown orchestration status number " + number
					+ "; the durabletask protocol defines 0 (running) to 7 (suspended)");
		}
		return BY_NUMBER[number];
	}

}
