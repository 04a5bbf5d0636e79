package dev.workflow.spring.boot.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WorkflowRuntimeCustomizer} beans (issue 17): all applied, in {@code @Order}/{@link Ordered}
 * order, after the properties, so a later one wins; none when the application defines the runtime.
 */
class WorkflowRuntimeCustomizerTests {

	static final Instant EARLY = Instant.parse("2030-01-01T00:00:00Z");

	static final Instant LATE = Instant.parse("2031-01-01T00:00:00Z");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class))
		.withUserConfiguration(Echo.class);

	@Configuration(proxyBeanMethods = false)
	static class Echo {

		@Bean
		Object echoWorkflows() {
			return new Object() {
				@Workflow(name = "customized-echo")
				public String echo(WorkflowContext ctx, String in) {
					return in;
				}
			};
		}

	}

	/** Records which customizer's listener hears a schedule first: the order they were applied. */
	static final List<String> applied = new CopyOnWriteArrayList<>();

	private static WorkflowExecutionListener listener(String name) {
		return new WorkflowExecutionListener() {
			@Override
			public void workflowScheduled(String workflowName, String instanceId) {
				applied.add(name);
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		// declared first, ordered last: sets the clock that must win
		@Bean
		@Order(20)
		WorkflowRuntimeCustomizer lateClock() {
			return builder -> builder.listener(listener("order-20")).clock(Clock.fixed(LATE, ZoneOffset.UTC));
		}

		@Bean
		WorkflowRuntimeCustomizer orderedByInterface() {
			return new OrderedCustomizer();
		}

		@Bean
		@Order(10)
		WorkflowRuntimeCustomizer earlyClock() {
			return builder -> builder.listener(listener("order-10")).clock(Clock.fixed(EARLY, ZoneOffset.UTC));
		}

	}

	static class OrderedCustomizer implements WorkflowRuntimeCustomizer, Ordered {

		@Override
		public void customize(WorkflowRuntime.Builder builder) {
			builder.listener(listener("ordered-15"));
		}

		@Override
		public int getOrder() {
			return 15;
		}

	}

	@Test
	void customizersAreAppliedInOrderAfterThePropertiesAndTheLastOneWins() {
		applied.clear();
		this.runner.withUserConfiguration(Customizers.class)
			.withPropertyValues("dapr.workflow.worker.max-concurrent-activities=3")
			.run(ctx -> {
				assertThat(ctx).hasNotFailed();
				WorkflowClient client = ctx.getBean(WorkflowClient.class);
				String id = client.scheduleNewWorkflow("customized-echo", "x");
				assertThat(applied).containsExactly("order-10", "ordered-15", "order-20");
				// the clock of the customizer applied last stamps the instance
				assertThat(client.getInstanceState(id, false).getCreatedAt()).isEqualTo(LATE);
			});
	}

	@Test
	void customizersAreNotAppliedToARuntimeTheApplicationDefines() {
		applied.clear();
		this.runner.withUserConfiguration(Customizers.class)
			.withBean(WorkflowRuntime.class, () -> WorkflowRuntime.builder().build())
			.run(ctx -> {
				ctx.getBean(WorkflowClient.class).scheduleNewWorkflow("customized-echo", "x");
				assertThat(applied).isEmpty();
			});
	}

	@Test
	void withoutCustomizersTheRuntimeRunsAsConfigured() {
		this.runner.run(ctx -> {
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			String id = client.scheduleNewWorkflow("customized-echo", "plain");
			assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(10), true).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		});
	}

}
