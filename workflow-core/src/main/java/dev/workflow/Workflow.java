package dev.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a durable workflow.
 *
 * <p>The method takes a {@link WorkflowContext} as its first parameter and, optionally, one input
 * parameter whose declared type the JSON input is bound to. Its return value becomes the workflow's
 * output. The method is re-run from the top on every replay, so it must be deterministic: use the
 * context for time, UUIDs, sleeping and I/O (through activities).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Workflow {

	/**
	 * The workflow's name, used to schedule it; defaults to the method name.
	 * @return the name, or an empty string for the method name
	 */
	String name() default "";

}
