package dev.workflow.spring.boot.autoconfigure;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Runs activities on virtual threads when the application asks for them the Spring Boot way,
 * {@code spring.threads.virtual.enabled=true}, on Java 21 or later: blocking activity code (HTTP
 * calls, JDBC, sleeps) then holds no platform thread while it waits. The library is compiled for
 * Java 17, so virtual threads are reached through Spring's {@link VirtualThreadTaskExecutor}; on an
 * older Java the runtime logs once, at INFO, that they are unavailable and uses platform threads.
 * Workflow turns stay on platform threads: they are short and CPU-bound.
 */
@AutoConfiguration(before = WorkflowAutoConfiguration.class)
@ConditionalOnProperty(name = "spring.threads.virtual.enabled", havingValue = "true")
public final class WorkflowVirtualThreadsAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WorkflowVirtualThreadsAutoConfiguration.class);

	/** So a JVM with several contexts (tests) says it once. */
	private static final AtomicBoolean unavailableLogged = new AtomicBoolean();

	@Bean
	WorkflowRuntimeCustomizer workflowVirtualThreadsCustomizer() {
		ThreadFactory factory = virtualThreadFactory();
		return builder -> builder.activityThreadFactory(factory);
	}

	/** Virtual threads named after the activity workers, or null when this Java has none. */
	static ThreadFactory virtualThreadFactory() {
		try {
			return new VirtualThreadTaskExecutor("workflow-activity-").getVirtualThreadFactory();
		}
		catch (UnsupportedOperationException ex) {
			if (unavailableLogged.compareAndSet(false, true)) {
				log.info("spring.threads.virtual.enabled is true, but Java {} has no virtual threads (Java 21 or "
						+ "later has them): workflow activities run on platform threads", Runtime.version().feature());
			}
			return null;
		}
	}

}
