package dev.workflow.spring.boot.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing of durable workflows through Micrometer: observations {@code workflow.turn} and
 * {@code workflow.activity} when Micrometer Observation is on the class path (spans when an
 * {@link ObservationRegistry} bean has a tracing handler, as Spring Boot's Micrometer Tracing
 * support registers), and, with Micrometer Tracing, the W3C trace context of the code that
 * schedules an instance or raises an event stored with it, so its turns and activities continue
 * that trace across processes and restarts.
 */
@AutoConfiguration(before = WorkflowAutoConfiguration.class)
@ConditionalOnClass(ObservationRegistry.class)
public final class WorkflowTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkflowObservationListener workflowObservationListener(ObjectProvider<ObservationRegistry> observations) {
		return new WorkflowObservationListener(observations);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tracer.class, Propagator.class })
	static class PropagationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WorkflowTracePropagation workflowTracePropagation(ObjectProvider<Tracer> tracer,
				ObjectProvider<Propagator> propagator) {
			return new WorkflowTracePropagation(tracer, propagator);
		}

	}

}
