package dev.workflow.spring.boot.autoconfigure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workflow.WorkflowRetention;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowSchedules;

/**
 * Operations of durable workflows: retention of finished instances
 * ({@code dapr.workflow.retention.*}, with the metric {@code workflow.retention.purged} when
 * Micrometer is present), the {@link WorkflowSchedules} bean, and the
 * {@link dev.workflow.WorkflowSchedule @WorkflowSchedule} annotations of workflow beans.
 */
@AutoConfiguration(after = WorkflowAutoConfiguration.class)
@EnableConfigurationProperties(WorkflowRetentionProperties.class)
public final class WorkflowOperationsAutoConfiguration {

	/** The counter of purged instances, tagged with their status. */
	public static final String PURGED_METRIC = "workflow.retention.purged";

	@Bean
	@ConditionalOnMissingBean
	WorkflowRetention workflowRetention(WorkflowRetentionProperties properties,
			ObjectProvider<WorkflowRetention.PurgeListener> listeners) {
		WorkflowRetention retention = new WorkflowRetention().completed(properties.getCompleted())
			.failed(properties.getFailed())
			.terminated(properties.getTerminated())
			.interval(properties.getInterval())
			.batchSize(properties.getBatchSize());
		// resolved when a batch is purged, so listeners defined anywhere in the context are heard
		return retention.listener((status, count) -> listeners.orderedStream().forEach(l -> l.purged(status, count)));
	}

	@Bean
	@ConditionalOnBean(WorkflowRuntime.class)
	@ConditionalOnMissingBean
	WorkflowSchedules workflowSchedules(WorkflowRuntime runtime) {
		return runtime.schedules();
	}

	@Bean
	static WorkflowScheduleRegistrar workflowScheduleRegistrar(ObjectProvider<WorkflowRuntime> runtime,
			ListableBeanFactory beanFactory) {
		return new WorkflowScheduleRegistrar(runtime, beanFactory);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class RetentionMetricsConfiguration {

		@Bean
		WorkflowRetention.PurgeListener workflowRetentionMetrics(ObjectProvider<MeterRegistry> meters) {
			return (status, count) -> meters.orderedStream()
				.forEach(registry -> Counter.builder(PURGED_METRIC)
					.description("Finished workflow instances purged by retention")
					.tag("status", status.name())
					.register(registry)
					.increment(count));
		}

	}

}
