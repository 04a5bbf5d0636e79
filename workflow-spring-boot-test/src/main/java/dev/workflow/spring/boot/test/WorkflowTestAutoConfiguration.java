package dev.workflow.spring.boot.test;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.workflow.DataConverter;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration;
import dev.workflow.spring.boot.autoconfigure.WorkflowProperties;

/**
 * The runtime of a workflow test, applied before {@link WorkflowAutoConfiguration} (whose backend
 * and runtime then back off): a {@link WorkflowTestClock}, the {@code actors} backend on the
 * in-memory store reading that clock (the application's backend settings are ignored, so a test
 * never touches its database), and a runtime on the same clock with the application's worker
 * settings. Imported by {@link AutoConfigureWorkflowTest}; not applied otherwise.
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

	@Bean
	@ConditionalOnMissingBean
	WorkflowRuntime workflowRuntime(WorkflowBackend backend, WorkflowTestClock clock, DataConverter converter,
			WorkflowProperties properties, ObjectProvider<WorkflowExecutionListener> listeners, Environment environment) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder();
		listeners.orderedStream().forEach(builder::listener);
		applyAppId(builder, properties, environment);
		return builder.backend(backend)
			.clock(clock)
			.dataConverter(converter)
			.maxPayloadSize(properties.getMaxPayloadSize().toBytes())
			.maxConcurrentWorkflows(properties.getWorker().getMaxConcurrentWorkflows())
			.maxConcurrentActivities(properties.getWorker().getMaxConcurrentActivities())
			.maxWorkItemAttempts(properties.getWorker().getMaxWorkItemAttempts())
			.inlineActivities(properties.getWorker().isInlineActivities())
			.stuckWorkerTimeout(properties.getWorker().getStuckTimeout())
			.shutdownTimeout(properties.getShutdownTimeout())
			.build();
	}

	/** The app id as the application has it: {@code dapr.workflow.app-id}, else the application's name. */
	private static void applyAppId(WorkflowRuntime.Builder builder, WorkflowProperties properties,
			Environment environment) {
		String key = "dapr.workflow.app-id";
		String appId = properties.getAppId();
		if (appId == null || appId.isBlank()) {
			key = "spring.application.name";
			appId = environment.getProperty(key);
		}
		if (appId == null || appId.isBlank()) {
			return;
		}
		try {
			builder.appId(appId.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid workflow app id '" + appId + "' from " + key + ": "
					+ ex.getMessage(), ex);
		}
	}

}
