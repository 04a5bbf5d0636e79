package dev.workflow.spring.boot.test;

import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.actors.ActorsWorkflowBackend;
import dev.workflow.spring.boot.test.app.PricingActivities;
import dev.workflow.spring.boot.test.app.SlowActivities;
import dev.workflow.spring.boot.test.app.TimerWorkflows;
import dev.workflow.spring.boot.test.app.UnrelatedService;

/**
 * The slice holds the workflow and activity beans and those named, runs on the in-memory actors
 * backend whatever the backend settings say, and its runtime reads the test clock.
 */
@WorkflowTest(properties = { "dapr.workflow.backend-type=jdbc",
		"dapr.workflow.backend-configuration.url=jdbc:postgresql://127.0.0.1:1/none" })
class WorkflowTestSliceTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	WorkflowClient client;

	@Autowired
	WorkflowRuntime runtime;

	@Autowired
	WorkflowBackend backend;

	@Autowired
	WorkflowTestClock clock;

	@Test
	void onlyWorkflowAndActivityBeansAreInTheSlice() {
		assertThat(this.context.getBeanNamesForType(TimerWorkflows.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(PricingActivities.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(SlowActivities.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(UnrelatedService.class)).isEmpty();
	}

	@Test
	void theBackendIsTheInMemoryActorsOneWhateverTheSettings() {
		assertThat(this.backend).isInstanceOf(ActorsWorkflowBackend.class);
		assertThat(this.runtime.backend()).isSameAs(this.backend);
		assertThat(this.runtime.isRunning()).isTrue();
	}

	@Test
	void workflowTimeIsTheTestClocks() {
		this.clock.advance(Duration.ofDays(365));
		String id = this.client.scheduleNewWorkflow("thirtyDays", "t", "slice-" + UUID.randomUUID());
		assertThat(this.client, id).completes(Duration.ofSeconds(30));
		// created by the test clock, a year ahead of the wall clock
		assertThat(this.client.getInstanceState(id, false).getCreatedAt())
			.isAfter(java.time.Instant.now().plus(Duration.ofDays(364)));
	}

}
