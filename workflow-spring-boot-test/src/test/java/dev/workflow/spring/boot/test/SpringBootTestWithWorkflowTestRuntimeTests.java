package dev.workflow.spring.boot.test;

import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.workflow.WorkflowClient;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.actors.ActorsWorkflowBackend;
import dev.workflow.spring.boot.test.app.UnrelatedService;

/** A full application context with the test runtime: every bean, and time skipping. */
@SpringBootTest(classes = TestWorkflowApplication.class, properties = "dapr.workflow.backend-type=sqlite")
@AutoConfigureWorkflowTest
class SpringBootTestWithWorkflowTestRuntimeTests {

	@Autowired
	WorkflowClient client;

	@Autowired
	WorkflowBackend backend;

	@Autowired
	UnrelatedService unrelated;

	@Test
	void theFullContextRunsOnTheTestRuntime() {
		assertThat(this.backend).isInstanceOf(ActorsWorkflowBackend.class);
		assertThat(this.unrelated).isNotNull();
		String id = this.client.scheduleNewWorkflow("thirtyDays", "full", "full-" + UUID.randomUUID());
		assertThat(this.client, id).completes(Duration.ofSeconds(30)).hasOutput("done full");
	}

}
