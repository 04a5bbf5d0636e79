package dev.workflow.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports the auto-configuration of a workflow test: Jackson, the workflow runtime and client, and
 * the {@link WorkflowTestAutoConfiguration test runtime} (in-memory {@code actors} backend,
 * {@link WorkflowTestClock} with time skipping). {@link WorkflowTest @WorkflowTest} carries it;
 * put it on a {@code @SpringBootTest} for a full application context with the test runtime.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureWorkflowTest {

}
