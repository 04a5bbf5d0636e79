package dev.workflow.examples.dapr.multiapp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntimeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dapr's multi-app example: three applications (app ids app1, app2, app3) on one backend; app1's
 * workflow calls an activity in app2, then one in app3. Run on sqlite (one file) and PostgreSQL,
 * the backends several processes share. The apps are three Spring contexts here, each with only
 * its own workflow or activity, so a call that reached the wrong app would fail as not registered.
 * Also on the actors backend with one PostgreSQL state store, whose replicas host only the actors of
 * their own app.
 */
@Timeout(120)
class MultiAppExampleTests {

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	@AfterEach
	void stopApps() {
		this.apps.forEach(ConfigurableApplicationContext::close);
	}

	private WorkflowClient start(Class<?> app, String appId, String... backend) {
		List<String> properties = new ArrayList<>(List.of(backend));
		properties.add("dapr.workflow.app-id=" + appId);
		properties.add("spring.main.banner-mode=off");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
			.profiles("dapr-examples")
			.properties(properties.toArray(String[]::new))
			.run();
		this.apps.add(context);
		return context.getBean(WorkflowClient.class);
	}

	private void runsAcrossTheThreeApps(String... backend) throws Exception {
		WorkflowClient client = start(MultiAppExampleApps.App1.class, "app1", backend);
		String id = client.scheduleNewWorkflow("MultiAppWorkflow", "Hello World", "multiapp-" + UUID.randomUUID());
		// app2 and app3 start after the workflow: its calls wait for them instead of failing
		assertThat(client.waitForInstanceStart(id, Duration.ofSeconds(30), false).getRuntimeStatus())
			.isEqualTo(WorkflowRuntimeStatus.RUNNING);
		Thread.sleep(300);
		assertThat(client.getInstanceState(id, false).getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.RUNNING);
		start(MultiAppExampleApps.App2.class, "app2", backend);
		start(MultiAppExampleApps.App3.class, "app3", backend);
		WorkflowInstanceStatus done = client.waitForInstanceCompletion(id, Duration.ofSeconds(60), true);
		assertThat(done.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(done.readOutputAs(String.class))
			.isEqualTo("HELLO WORLD [TRANSFORMED BY APP2] [FINALIZED BY APP3]");
	}

	@Test
	void onSqlite() throws Exception {
		runsAcrossTheThreeApps("dapr.workflow.backend-type=sqlite",
				"dapr.workflow.backend-configuration.connection-string=file:./target/dapr-multiapp.db");
	}

	@Test
	void onPostgres() throws Exception {
		runsAcrossTheThreeApps("dapr.workflow.backend-type=jdbc",
				"dapr.workflow.backend-configuration.url=" + System.getenv()
					.getOrDefault("WORKFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/workflow_test"),
				"dapr.workflow.backend-configuration.username=workflow",
				"dapr.workflow.backend-configuration.password=workflow",
				"dapr.workflow.backend-configuration.table-prefix=dapr_multiapp_");
	}

	@Test
	void onActorsWithAPostgresStateStore() throws Exception {
		// three replicas of the actors backend on one store: each hosts only its own app's actors
		runsAcrossTheThreeApps("dapr.workflow.backend-type=actors",
				"dapr.workflow.backend-configuration.state-store=jdbc",
				"dapr.workflow.backend-configuration.url=" + System.getenv()
					.getOrDefault("WORKFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/workflow_test"),
				"dapr.workflow.backend-configuration.username=workflow",
				"dapr.workflow.backend-configuration.password=workflow",
				"dapr.workflow.backend-configuration.table-prefix=dapr_multiapp_actors_");
	}

}
