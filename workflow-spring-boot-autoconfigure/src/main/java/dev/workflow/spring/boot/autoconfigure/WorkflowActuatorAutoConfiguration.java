package dev.workflow.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntime;

/**
 * Observability of durable workflows when Spring Boot Actuator and Micrometer are present: a
 * {@code workflow} health indicator, the {@code workflows} endpoint (exposed only when the
 * application exposes it), and metrics and observations of turns and activities.
 */
@AutoConfiguration(after = WorkflowAutoConfiguration.class)
public final class WorkflowActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnBean(WorkflowRuntime.class)
	@ConditionalOnEnabledHealthIndicator("workflow")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "workflowHealthIndicator")
		HealthIndicator workflowHealthIndicator(WorkflowRuntime runtime) {
			return new WorkflowHealthIndicator(runtime);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnBean(WorkflowClient.class)
	@ConditionalOnAvailableEndpoint(WorkflowsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WorkflowsEndpoint workflowsEndpoint(WorkflowClient client) {
			return new WorkflowsEndpoint(client);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, ObservationRegistry.class })
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WorkflowMicrometerListener workflowMicrometerListener(ObjectProvider<MeterRegistry> meters,
				ObjectProvider<ObservationRegistry> observations) {
			return new WorkflowMicrometerListener(meters, observations);
		}

	}

}
