package dev.workflow.spring.boot.test;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration;
import dev.workflow.spring.boot.autoconfigure.WorkflowRuntimeCustomizer;

/**
 * The runtime of a workflow test, applied before {@link WorkflowAutoConfiguration} (whose backend
 * then backs off): a {@link WorkflowTestClock}, the {@code actors} backend on the in-memory store
 * reading that clock (the application's backend settings are ignored, so a test never touches its
 * database), and a {@link WorkflowRuntimeCustomizer} that puts the runtime on the same clock.
 * Imported by {@link AutoConfigureWorkflowTest}; not applied otherwise.
 */
@AutoConfiguration(before = WorkflowAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public final class WorkflowTestAutoConfiguration {

	/** Whether the test clock skips to the next timer while every instance waits (default true). */
	public static final String TIME_SKIPPING_PROPERTY = "dapr.workflow.test.time-skipping";

	@Bean
	@ConditionalOnMissingBean
	WorkflowTestClock workflowTestClock(Environment environment) {
		WorkflowTestClock clock = new WorkflowTestClock();
		clock.setTimeSkipping(environment.getProperty(TIME_SKIPPING_PROPERTY, Boolean.class, true));
		return clock;
	}

	@Bean
	@ConditionalOnMissingBean
	WorkflowBackend workflowBackend(WorkflowTestClock clock) {
		WorkflowBackend backend = WorkflowBackends.create("actors",
				new BackendConfiguration(Map.of("state-store", "memory")), BackendContext.EMPTY.withClock(clock));
		clock.attach(backend);
		return backend;
	}

	/**
	 * Puts the runtime that {@link WorkflowAutoConfiguration} builds (with the application's worker
	 * settings, listeners and customizers) on the test clock. Ordered first, so a customizer of the
	 * application's that sets a clock of its own still wins.
	 */
	@Bean
	@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
	WorkflowRuntimeCustomizer workflowTestClockCustomizer(WorkflowTestClock clock) {
		return builder -> builder.clock(clock);
	}

}
