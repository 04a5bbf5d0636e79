package dev.workflow.spring.boot.autoconfigure;

import dev.workflow.WorkflowRuntime;

/**
 * Customizes the {@link WorkflowRuntime.Builder} of the auto-configured runtime, after the
 * {@code dapr.workflow.*} properties were applied and before the runtime is built: add a listener,
 * set a clock, change a limit the properties do not cover. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order @Order} / {@link org.springframework.core.Ordered}
 * order (lowest first), so a later customizer sees, and may override, what an earlier one set.
 * Not applied when the application defines its own {@link WorkflowRuntime} bean.
 */
@FunctionalInterface
public interface WorkflowRuntimeCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder of the runtime being auto-configured
	 */
	void customize(WorkflowRuntime.Builder builder);

}
