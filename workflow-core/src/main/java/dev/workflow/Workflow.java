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
 *
 * <pre>{@code
 * @Workflow(name = "order", version = "2", latest = true)
 * public Receipt orderV2(WorkflowContext ctx, Order order) { ... }
 * }</pre>
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

	/**
	 * The version of this workflow (Dapr's named workflow versions): several methods may declare
	 * the same name with different versions. New instances take the latest version; a running
	 * instance stays on the version it started with, and waits as
	 * {@link WorkflowRuntimeStatus#STALLED STALLED} in a runtime that lacks that version.
	 * @return the version (1 to 64 letters, digits, '.', '_' or '-'), or an empty string for none
	 */
	String version() default "";

	/**
	 * Whether new instances of the name take this version. A name registered once is its own
	 * latest; with several versions exactly one must say {@code latest = true}, or the runtime
	 * fails to start, naming them.
	 * @return whether this is the latest version
	 */
	boolean latest() default false;

}
