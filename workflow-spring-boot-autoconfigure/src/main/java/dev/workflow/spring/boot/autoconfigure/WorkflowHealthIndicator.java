package dev.workflow.spring.boot.autoconfigure;

import java.util.Optional;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.workflow.WorkflowRuntime;

/**
 * Health of the workflow runtime: UP when the workers run, can make progress and the backend
 * answers a ping; DOWN with the reason otherwise (a database that went away, or a worker pool
 * whose every thread has been held by one work item beyond
 * {@code dapr.workflow.worker.stuck-timeout}: hung workflow or activity code).
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
		Optional<String> stuck = this.runtime.workerProblem();
		if (stuck.isPresent()) {
			builder.down().withDetail("reason", stuck.get());
			return;
		}
		this.runtime.backend().ping();
		builder.up();
	}

}
