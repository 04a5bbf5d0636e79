package dev.workflow.spring.boot.autoconfigure;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.workflow.WorkflowRuntime;

/**
 * Health of the workflow runtime: UP when the workers run and the backend answers a ping; DOWN
 * with the error otherwise (for example a database that went away).
 */
final class WorkflowHealthIndicator extends AbstractHealthIndicator {

	private final WorkflowRuntime runtime;

	WorkflowHealthIndicator(WorkflowRuntime runtime) {
		super("Workflow backend health check failed");
		this.runtime = runtime;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("backend", this.runtime.backend().getClass().getSimpleName());
		if (!this.runtime.isRunning()) {
			builder.down().withDetail("reason", "the workflow runtime is not running");
			return;
		}
		this.runtime.backend().ping();
		builder.up();
	}

}
