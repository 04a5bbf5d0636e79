package dev.workflow.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.workflow.DataConverter;
import dev.workflow.JacksonDataConverter;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowExecutionListener;
import dev.workflow.WorkflowRetention;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackends;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of durable workflows: the backend chosen by {@code dapr.workflow.backend-type},
 * a {@link WorkflowRuntime} whose workers start once the context is refreshed, a
 * {@link WorkflowClient}, and registration of every {@link dev.workflow.Workflow @Workflow} and
 * {@link dev.workflow.Activity @Activity} bean method. Each bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@EnableConfigurationProperties(WorkflowProperties.class)
public final class WorkflowAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DataConverter workflowDataConverter(ObjectProvider<JsonMapper> jsonMapper) {
		JsonMapper mapper = jsonMapper.getIfUnique();
		return mapper != null ? new JacksonDataConverter(mapper) : new JacksonDataConverter();
	}

	@Bean
	@ConditionalOnMissingBean
	WorkflowBackend workflowBackend(WorkflowProperties properties, ListableBeanFactory beanFactory,
			@WorkflowDataSource ObjectProvider<DataSource> workflowDataSource, ObjectProvider<DataSource> dataSources) {
		BackendContext context = new SpringBackendContext(beanFactory, workflowDataSource, dataSources);
		if (properties.getComponentsPath() != null && !properties.getComponentsPath().isBlank()) {
			Optional<DaprComponents.Backend> component = DaprComponents
				.findBackend(Path.of(properties.getComponentsPath()));
			if (component.isPresent()) {
				return WorkflowBackends.create(component.get().type(),
						new BackendConfiguration(component.get().configuration()), context);
			}
		}
		return WorkflowBackends.create(properties.getBackendType(),
				new BackendConfiguration(properties.getBackendConfiguration()), context);
	}

	@Bean
	@ConditionalOnMissingBean
	WorkflowRuntime workflowRuntime(WorkflowBackend backend, DataConverter converter, WorkflowProperties properties,
			ObjectProvider<WorkflowExecutionListener> listeners, ObjectProvider<WorkflowRuntimeCustomizer> customizers,
			Environment environment, ObjectProvider<WorkflowRetention> retention) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder();
		listeners.orderedStream().forEach(builder::listener);
		retention.ifAvailable(builder::retention);
		applyAppId(builder, properties, environment);
		builder.backend(backend)
			.dataConverter(converter)
			.maxPayloadSize(properties.getMaxPayloadSize().toBytes())
			.maxConcurrentWorkflows(properties.getWorker().getMaxConcurrentWorkflows())
			.maxConcurrentActivities(properties.getWorker().getMaxConcurrentActivities())
			.maxWorkItemAttempts(properties.getWorker().getMaxWorkItemAttempts())
			.inlineActivities(properties.getWorker().isInlineActivities())
			.stuckWorkerTimeout(properties.getWorker().getStuckTimeout())
			.shutdownTimeout(properties.getShutdownTimeout());
		// last, so a customizer may change what the properties set
		customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * Sets the app id: {@code dapr.workflow.app-id}, else {@code spring.application.name} (as Dapr's
	 * app id is usually the application's name), else none. An invalid one fails the start naming
	 * the key it came from.
	 */
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
			// the builder's message says what is allowed; this one adds where the value came from
			throw new IllegalArgumentException("Invalid workflow app id '" + appId + "' from " + key + ": "
					+ ex.getMessage() + (key.startsWith("spring") ? "; set dapr.workflow.app-id to a valid app id" : ""));
		}
	}

	@Bean
	@ConditionalOnMissingBean
	WorkflowClient workflowClient(WorkflowRuntime runtime) {
		return runtime.client();
	}

	@Bean
	static WorkflowMethodRegistrar workflowMethodRegistrar(ObjectProvider<WorkflowRuntime> runtime,
			ListableBeanFactory beanFactory) {
		return new WorkflowMethodRegistrar(runtime, beanFactory);
	}

	@Bean
	WorkflowRuntimeLifecycle workflowRuntimeLifecycle(WorkflowRuntime runtime) {
		return new WorkflowRuntimeLifecycle(runtime);
	}

}
