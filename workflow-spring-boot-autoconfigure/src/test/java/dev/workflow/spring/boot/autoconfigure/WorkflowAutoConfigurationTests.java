package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.MethodBeforeAdvice;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workflow.Activity;
import dev.workflow.ActivityContext;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.actors.ActorsWorkflowBackend;
import dev.workflow.backend.actors.MemoryActorStateStore;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class));

	public record Greeting(String name, int times) {
	}

	static class GreetingWorkflows {

		@Workflow(name = "greeting")
		public String greeting(WorkflowContext ctx, Greeting input) {
			return ctx.callActivity("shout", input, String.class).await();
		}

		@Activity(name = "shout")
		public String shout(ActivityContext ctx, Greeting input) {
			return (input.name() + "! ").repeat(input.times()).trim() + " #" + ctx.getTaskId();
		}

		@Activity
		public void noInput() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingConfig {

		@Bean
		GreetingWorkflows greetingWorkflows() {
			return new GreetingWorkflows();
		}

	}

	@Test
	void defaultBackendIsActorsAndAnnotatedMethodsRun() {
		this.runner.withUserConfiguration(GreetingConfig.class).run(ctx -> {
			assertThat(ctx).hasSingleBean(WorkflowBackend.class).hasSingleBean(WorkflowClient.class);
			assertThat(ctx.getBean(WorkflowBackend.class)).isInstanceOf(ActorsWorkflowBackend.class);
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			String id = client.scheduleNewWorkflow("greeting", new Greeting("hey", 2));
			WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, Duration.ofSeconds(10), true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(String.class)).isEqualTo("hey! hey! #0");
		});
	}

	@Test
	void runtimeStopsWhenTheContextCloses() {
		WorkflowRuntime[] seen = new WorkflowRuntime[1];
		this.runner.withUserConfiguration(GreetingConfig.class).run(ctx -> {
			seen[0] = ctx.getBean(WorkflowRuntime.class);
			assertThat(seen[0].isRunning()).isTrue();
		});
		assertThat(seen[0].isRunning()).isFalse();
	}

	@Test
	void contextStopThenStartRunsWorkflowsAgain() {
		this.runner.withUserConfiguration(GreetingConfig.class).run(ctx -> stopStartAndRun(ctx.getSourceApplicationContext()));
	}

	@Test
	void contextStopThenStartRunsWorkflowsAgainOnSqlite() {
		String file = "target/autoconfig-restart-" + java.util.UUID.randomUUID() + ".db";
		this.runner.withUserConfiguration(GreetingConfig.class)
			.withPropertyValues("dapr.workflow.backend-type=sqlite",
					"dapr.workflow.backend-configuration.connection-string=file:" + file)
			.run(ctx -> stopStartAndRun(ctx.getSourceApplicationContext()));
	}

	/** A Spring context stop and start (what DevTools and some hosts do): the workflows run after it. */
	private static void stopStartAndRun(org.springframework.context.ConfigurableApplicationContext context)
			throws Exception {
		WorkflowClient client = context.getBean(WorkflowClient.class);
		WorkflowRuntime runtime = context.getBean(WorkflowRuntime.class);
		String before = client.scheduleNewWorkflow("greeting", new Greeting("before", 1));
		assertThat(client.waitForInstanceCompletion(before, Duration.ofSeconds(10), true).readOutputAs(String.class))
			.isEqualTo("before! #0");
		context.stop();
		assertThat(runtime.isRunning()).isFalse();
		context.start();
		assertThat(runtime.isRunning()).isTrue();
		String after = client.scheduleNewWorkflow("greeting", new Greeting("after", 2));
		assertThat(client.waitForInstanceCompletion(after, Duration.ofSeconds(10), true).readOutputAs(String.class))
			.isEqualTo("after! after! #0");
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBackendConfig {

		@Bean
		WorkflowBackend myBackend() {
			return new ActorsWorkflowBackend(new MemoryActorStateStore(), Duration.ofSeconds(5), Duration.ofSeconds(5),
					java.time.Clock.systemUTC());
		}

	}

	@Test
	void userDefinedBackendWins() {
		this.runner.withUserConfiguration(OwnBackendConfig.class)
			.run(ctx -> assertThat(ctx).hasSingleBean(WorkflowBackend.class).hasBean("myBackend"));
	}

	@Test
	void unknownBackendTypeFailsListingValidTypes() {
		this.runner.withPropertyValues("dapr.workflow.backend-type=mongo")
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Unknown workflow backend type 'mongo'")
				.hasMessageContaining("[actors"));
	}

	@Test
	void unknownBackendConfigurationKeyFailsNamingIt() {
		this.runner.withPropertyValues("dapr.workflow.backend-configuration.stateStorr=memory")
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Unknown key 'stateStorr'")
				.hasMessageContaining("state-store"));
	}

	@Test
	void backendConfigurationKeysMatchIgnoringCaseAndDashes() {
		this.runner.withPropertyValues("dapr.workflow.backend-configuration.STATE_STORE=memory",
				"dapr.workflow.backend-configuration.orchestrationLockTimeout=30s")
			.run(ctx -> assertThat(ctx.getBean(WorkflowBackend.class).workflowLockTimeout())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	static class Duplicate {

		@Workflow(name = "greeting")
		public String other(WorkflowContext ctx) {
			return "";
		}

	}

	@Test
	void duplicateWorkflowNamesFailNamingBothMethods() {
		this.runner.withUserConfiguration(GreetingConfig.class)
			.withBean(Duplicate.class)
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				
				.hasMessageContaining("Duplicate workflow name 'greeting'")
				.hasMessageContaining("GreetingWorkflows.greeting")
				.hasMessageContaining("Duplicate.other"));
	}

	static class BadSignature {

		@Workflow
		public String noContext(String input) {
			return input;
		}

	}

	@Test
	void workflowWithoutContextParameterFailsNamingTheMethod() {
		this.runner.withBean(BadSignature.class)
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				
				.hasMessageContaining("BadSignature.noContext")
				.hasMessageContaining("(WorkflowContext ctx, I input)"));
	}

	static final AtomicInteger advised = new AtomicInteger();

	@Configuration(proxyBeanMethods = false)
	static class ProxiedConfig {

		@Bean
		GreetingWorkflows greetingWorkflows() {
			ProxyFactory factory = new ProxyFactory(new GreetingWorkflows());
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodBeforeAdvice) (method, args, target) -> advised.incrementAndGet());
			return (GreetingWorkflows) factory.getProxy();
		}

	}

	@Test
	void methodsOfProxiedBeansRunThroughTheProxy() {
		advised.set(0);
		this.runner.withUserConfiguration(ProxiedConfig.class).run(ctx -> {
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			String id = client.scheduleNewWorkflow("greeting", new Greeting("yo", 1));
			assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(10), true).readOutputAs(String.class))
				.isEqualTo("yo! #0");
			assertThat(advised.get()).isGreaterThanOrEqualTo(2);
		});
	}


	@Test
	void sqliteBackendTypeRunsWorkflowsOnTheConfiguredFile() {
		String file = "target/autoconfig-" + java.util.UUID.randomUUID() + ".db";
		this.runner.withUserConfiguration(GreetingConfig.class)
			.withPropertyValues("dapr.workflow.backend-type=sqlite",
					"dapr.workflow.backend-configuration.connection-string=file:" + file)
			.run(ctx -> {
				assertThat(ctx.getBean(WorkflowBackend.class)).isInstanceOf(dev.workflow.backend.sql.SqlWorkflowBackend.class);
				WorkflowClient client = ctx.getBean(WorkflowClient.class);
				String id = client.scheduleNewWorkflow("greeting", new Greeting("db", 1));
				assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(10), true).readOutputAs(String.class))
					.isEqualTo("db! #0");
				assertThat(new java.io.File(file)).exists();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class H2DataSourceConfig {

		@Bean
		javax.sql.DataSource dataSource() {
			org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
			ds.setURL("jdbc:h2:mem:app-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
			return ds;
		}

	}

	@Test
	void jdbcBackendWithoutUrlUsesTheApplicationDataSource() {
		this.runner.withUserConfiguration(GreetingConfig.class, H2DataSourceConfig.class)
			.withPropertyValues("dapr.workflow.backend-type=jdbc", "dapr.workflow.backend-configuration.table-prefix=app_wf_")
			.run(ctx -> {
				WorkflowClient client = ctx.getBean(WorkflowClient.class);
				String id = client.scheduleNewWorkflow("greeting", new Greeting("pool", 1));
				assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(10), true).readOutputAs(String.class))
					.isEqualTo("pool! #0");
				try (java.sql.Connection c = ctx.getBean(javax.sql.DataSource.class).getConnection();
						java.sql.ResultSet rs = c.getMetaData().getTables(null, null, "APP_WF_INSTANCES", null)) {
					assertThat(rs.next()).as("tables carry the configured prefix").isTrue();
				}
			});
	}

	@Test
	void jdbcBackendWithoutUrlOrDataSourceFailsSayingWhatIsNeeded() {
		this.runner.withPropertyValues("dapr.workflow.backend-type=jdbc")
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("dapr.workflow.backend-configuration.url")
				.hasMessageContaining("DataSource bean"));
	}

	@Test
	void tablePrefixThatIsNotAnIdentifierIsRejected() {
		this.runner.withPropertyValues("dapr.workflow.backend-type=sqlite",
				"dapr.workflow.backend-configuration.connection-string=:memory:",
				"dapr.workflow.backend-configuration.table-prefix=wf; DROP TABLE x")
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Invalid table-prefix 'wf; DROP TABLE x'"));
	}

	@Test
	void jdbcUrlWithoutADriverIsRejectedNamingTheUrl() {
		this.runner.withPropertyValues("dapr.workflow.backend-type=jdbc",
				"dapr.workflow.backend-configuration.url=jdbc:mysql://127.0.0.1/app")
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("No JDBC driver")
				.hasMessageContaining("jdbc:mysql://127.0.0.1/app"));
	}

}
