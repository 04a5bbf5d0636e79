package dev.workflow.examples.dapr;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dapr Java SDK's workflow examples, run as Dapr's README expects them to behave: each test is
 * the example's client, with the README's expected result as the assertion. Subclasses pick the
 * backend by properties alone, as a user would in application.yml.
 */
@SpringBootTest(classes = DaprExamplesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("dapr-examples")
@Timeout(120)
abstract class DaprExamplesTests {

	@Autowired
	WorkflowClient client;

	@Autowired
	BookingLedger ledger;

	private static String id(String example) {
		return example + "-" + UUID.randomUUID();
	}

	@Test
	void chainUpperCasesThreeCitiesInOrder() throws Exception {
		String id = this.client.scheduleNewWorkflow("DemoChainWorkflow", null, id("chain"));
		WorkflowInstanceStatus done = this.client.waitForInstanceCompletion(id, null, true);
		assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(String.class)).isEqualTo("TOKYO, LONDON, SEATTLE");
	}

	@Test
	void fanOutCountsTheWordsOfEverySentenceAndFanInSumsThem() throws Exception {
		List<String> sentences = List.of("Hello, world!", "The quick brown fox jumps over the lazy dog.",
				"If a tree falls in the forest and there is no one there to hear it, does it make a sound?",
				"The greatest glory in living lies not in never falling, but in rising every time we fall.",
				"Always remember that you are absolutely unique. Just like everyone else.");
		String id = this.client.scheduleNewWorkflow("DemoFanInOutWorkflow", sentences, id("faninout"));
		WorkflowInstanceStatus done = this.client.waitForInstanceCompletion(id, null, true);
		assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(Integer.class)).isEqualTo(60);
	}

	@Test
	void externalEventApprovalRunsTheApproveActivity() throws Exception {
		String approvedId = this.client.scheduleNewWorkflow("DemoExternalEventWorkflow", null, id("approve"));
		String deniedId = this.client.scheduleNewWorkflow("DemoExternalEventWorkflow", null, id("deny"));
		this.client.waitForInstanceStart(approvedId, null, false);
		this.client.raiseEvent(approvedId, "Approval", true);
		this.client.raiseEvent(deniedId, "Approval", false);
		assertThat(this.client.waitForInstanceCompletion(approvedId, null, true).readOutputAs(String.class))
			.isEqualTo("approved");
		assertThat(this.client.waitForInstanceCompletion(deniedId, null, true).readOutputAs(String.class))
			.isEqualTo("denied");
	}

	@Test
	void childWorkflowReversesTheParentsInput() throws Exception {
		String id = this.client.scheduleNewWorkflow("DemoWorkflow", null, id("child"));
		WorkflowInstanceStatus done = this.client.waitForInstanceCompletion(id, null, true);
		assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(String.class)).isEqualTo("!wolfkroW rpaD olleH");
	}

	@Test
	void continueAsNewRunsRoundAfterRoundUntilTerminated() throws Exception {
		String id = this.client.scheduleNewWorkflow("DemoContinueAsNewWorkflow", 0, id("continue"));
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		WorkflowInstanceStatus status = this.client.getInstanceState(id, true);
		while (System.nanoTime() < deadline && (status == null || status.readCustomStatusAs(Integer.class) == null
				|| status.readCustomStatusAs(Integer.class) < 3)) {
			Thread.sleep(50);
			status = this.client.getInstanceState(id, true);
		}
		assertThat(status.readCustomStatusAs(Integer.class)).isGreaterThanOrEqualTo(3);
		assertThat(status.getRuntimeStatus()).isIn(WorkflowRuntimeStatus.RUNNING, WorkflowRuntimeStatus.CONTINUED_AS_NEW);
		this.client.terminateWorkflow(id, null);
		assertThat(this.client.waitForInstanceCompletion(id, null, false).getRuntimeStatus())
			.isEqualTo(WorkflowRuntimeStatus.TERMINATED);
	}

	@Test
	void compensationUndoesTheBookingsInReverseWhenTheCarFails() throws Exception {
		this.ledger.clear();
		String id = this.client.scheduleNewWorkflow("BookTripWorkflow", null, id("trip"));
		WorkflowInstanceStatus done = this.client.waitForInstanceCompletion(id, null, true);
		assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(String.class)).isEqualTo("Workflow failed, compensation applied");
		assertThat(this.ledger.entries()).containsExactly("Flight booked successfully", "Hotel booked successfully",
				"Car cancelled successfully", "Hotel cancelled successfully", "Flight cancelled successfully");
	}

	@Test
	void suspendAndResumeShowAtOnceInTheStatus() throws Exception {
		String id = this.client.scheduleNewWorkflow("DemoSuspendResumeWorkflow", null, id("suspend"));
		this.client.waitForInstanceStart(id, null, false);
		this.client.suspendWorkflow(id, "suspending for the example");
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.SUSPENDED);
		this.client.resumeWorkflow(id, "resuming for the example");
		assertThat(this.client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		this.client.raiseEvent(id, "Proceed", "go");
		WorkflowInstanceStatus done = this.client.waitForInstanceCompletion(id, null, true);
		assertThat(done.readOutputAs(String.class)).isEqualTo("GO");
	}

}
