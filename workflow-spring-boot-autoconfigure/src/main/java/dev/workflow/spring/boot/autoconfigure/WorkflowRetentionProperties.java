package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retention of finished workflow instances, bound to {@code dapr.workflow.retention}. Unset
 * durations keep instances of that status for ever (the default).
 */
@ConfigurationProperties("dapr.workflow.retention")
public class WorkflowRetentionProperties {

	/**
	 * How long completed (and canceled) instances are kept after they finished; unset keeps them
	 * for ever.
	 */
	private Duration completed;

	/**
	 * How long failed instances are kept after they failed; unset keeps them for ever.
	 */
	private Duration failed;

	/**
	 * How long terminated instances are kept after they were terminated; unset keeps them for ever.
	 */
	private Duration terminated;

	/**
	 * How often retention looks for instances to purge.
	 */
	private Duration interval = Duration.ofMinutes(1);

	/**
	 * Maximum number of instances purged by one activity call.
	 */
	private int batchSize = 100;

	public Duration getCompleted() {
		return this.completed;
	}

	public void setCompleted(Duration completed) {
		this.completed = completed;
	}

	public Duration getFailed() {
		return this.failed;
	}

	public void setFailed(Duration failed) {
		this.failed = failed;
	}

	public Duration getTerminated() {
		return this.terminated;
	}

	public void setTerminated(Duration terminated) {
		this.terminated = terminated;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

}
