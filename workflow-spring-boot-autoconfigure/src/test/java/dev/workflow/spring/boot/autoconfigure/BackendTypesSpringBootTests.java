package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.workflow.Activity;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.actors.ActorsWorkflowBackend;
import dev.workflow.backend.sql.SqlWorkflowBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full Spring Boot application per backend type, configured by properties alone, as a user's
 * own {@code @SpringBootTest} would run it.
 */
class BackendTypesSpringBootTests {

	static class Steps {

		@Workflow(name = "twoSteps")
		public String twoSteps(WorkflowContext ctx, String in) {
			String a = ctx.callActivity("step", in + "1", String.class).await();
			return ctx.callActivity("step", a + "2", String.class).await();
		}

		@Activity(name = "step")
		public String step(String in) {
			return in + ".";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Steps.class)
	static class App {

	}

	abstract static class Runs {

		@Autowired
		WorkflowClient client;

		@Autowired
		WorkflowBackend backend;

		void runsTheWorkflow() throws Exception {
			String id = this.client.scheduleNewWorkflow("twoSteps", "x");
			WorkflowInstanceStatus s = this.client.waitForInstanceCompletion(id, Duration.ofSeconds(20), true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("x1.2.");
		}

	}

	@Nested
	@SpringBootTest(classes = App.class)
	class Actors extends Runs {

		@Test
		void actorsIsTheDefault() throws Exception {
			assertThat(this.backend).isInstanceOf(ActorsWorkflowBackend.class);
			runsTheWorkflow();
		}

	}

	@Nested
	@SpringBootTest(classes = App.class, properties = { "dapr.workflow.backend-type=sqlite",
			"dapr.workflow.backend-configuration.connection-string=file:target/boot-sqlite.db" })
	class Sqlite extends Runs {

		@Test
		void sqliteByProperties() throws Exception {
			assertThat(this.backend).isInstanceOf(SqlWorkflowBackend.class);
			runsTheWorkflow();
		}

	}

	@Nested
	@SpringBootTest(classes = App.class, properties = { "dapr.workflow.backend-type=jdbc",
			"dapr.workflow.backend-configuration.url=jdbc:h2:file:./target/boot-h2" })
	class Jdbc extends Runs {

		@Test
		void jdbcByProperties() throws Exception {
			assertThat(this.backend).isInstanceOf(SqlWorkflowBackend.class);
			runsTheWorkflow();
		}

	}

}
