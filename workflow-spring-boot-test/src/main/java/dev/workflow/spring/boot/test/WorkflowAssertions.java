package dev.workflow.spring.boot.test;

import dev.workflow.WorkflowClient;

/**
 * Entry point of AssertJ-style assertions on a workflow instance and its history:
 * <pre>{@code
 * import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
 *
 * String id = client.scheduleNewWorkflow("order", order);
 * assertThat(client, id)
 *     .completes(Duration.ofSeconds(10))
 *     .hasOutput(new OrderResult("SHIPPED", "TRK-1", null))
 *     .history()
 *     .calledActivity("reserveInventory").once()
 *     .calledActivity("chargePayment").times(2)
 *     .createdTimer(Duration.ofDays(30))
 *     .receivedEvent("approve").once();
 *
 * assertThat(client, failing).fails(Duration.ofSeconds(10))
 *     .hasFailure(IllegalStateException.class, "out of stock");
 * }</pre>
 * A failing assertion says which instance, what was expected and what was found (status, output,
 * failure, the activities called). The waits ({@code completes}, {@code finishes}, {@code fails})
 * count wall time, also when a {@link WorkflowTestClock} skips workflow time.
 */
public final class WorkflowAssertions {

	private WorkflowAssertions() {
	}

	/**
	 * Starts assertions on an instance.
	 * @param client the client of the runtime that runs the instance
	 * @param instanceId the instance's id
	 * @return the assertions on that instance
	 */
	public static WorkflowInstanceAssert assertThat(WorkflowClient client, String instanceId) {
		return new WorkflowInstanceAssert(client, instanceId);
	}

}
