package dev.workflow.spring.boot.autoconfigure;

import org.springframework.context.SmartLifecycle;

import dev.workflow.WorkflowRuntime;

/**
 * Starts the runtime's workers after the context is refreshed (every workflow and activity is
 * registered by then) and stops them gracefully on shutdown: running work drains up to
 * {@code dapr.workflow.shutdown-timeout}; unfinished work is retried after its lease expires.
 */
final class WorkflowRuntimeLifecycle implements SmartLifecycle {

	private final WorkflowRuntime runtime;

	WorkflowRuntimeLifecycle(WorkflowRuntime runtime) {
		this.runtime = runtime;
	}

	@Override
	public void start() {
		this.runtime.start();
	}

	@Override
	public void stop() {
		this.runtime.close();
	}

	@Override
	public boolean isRunning() {
		return this.runtime.isRunning();
	}

	@Override
	public int getPhase() {
		// Late start, early stop: after web servers start taking requests, before they stop.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
