package dev.workflow.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of durable workflows, bound to {@code dapr.workflow}.
 */
@ConfigurationProperties("dapr.workflow")
public class WorkflowProperties {

	/**
	 * Backend that stores workflow state: actors (default, in-process virtual actors), or another
	 * type whose module is on the class path (sqlite, jdbc).
	 */
	private String backendType = "actors";

	/**
	 * Settings of the chosen backend; keys match ignoring case and dashes (state-store,
	 * connection-string, url, table-prefix, orchestration-lock-timeout, activity-lock-timeout,
	 * partition-count, partition-lease-timeout, reminder-poll-interval).
	 */
	private Map<String, String> backendConfiguration = new LinkedHashMap<>();

	/**
	 * Largest serialized input, output, event payload or custom status.
	 */
	private DataSize maxPayloadSize = DataSize.ofMegabytes(2);

	/**
	 * How long shutdown waits for running workflow turns and activities before stopping.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Folder of Dapr component files; a file of type workflowbackend.actors, workflowbackend.sqlite
	 * or workflowbackend.jdbc defines the backend in place of backend-type and backend-configuration.
	 */
	private String componentsPath;

	/**
	 * Id of this app where several apps share one backend (Dapr's multi-app workflows): workers
	 * take only work for this app or for none, and calls with TaskOptions.withAppId reach the app
	 * named. Defaults to spring.application.name; 1 to 64 letters, digits, '_', '-', ':' or '.'.
	 */
	private String appId;

	private final Worker worker = new Worker();

	public String getAppId() {
		return this.appId;
	}

	public void setAppId(String appId) {
		this.appId = appId;
	}

	public String getComponentsPath() {
		return this.componentsPath;
	}

	public void setComponentsPath(String componentsPath) {
		this.componentsPath = componentsPath;
	}

	public String getBackendType() {
		return this.backendType;
	}

	public void setBackendType(String backendType) {
		this.backendType = backendType;
	}

	public Map<String, String> getBackendConfiguration() {
		return this.backendConfiguration;
	}

	public void setBackendConfiguration(Map<String, String> backendConfiguration) {
		this.backendConfiguration = backendConfiguration;
	}

	public DataSize getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	public void setMaxPayloadSize(DataSize maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Worker getWorker() {
		return this.worker;
	}

	/**
	 * Worker settings.
	 */
	public static class Worker {

		/**
		 * Maximum number of workflow turns that run at once.
		 */
		private int maxConcurrentWorkflows = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

		/**
		 * Maximum number of activities that run at once.
		 */
		private int maxConcurrentActivities = 16;

		/**
		 * Number of times a workflow turn may fail to process before its instance ends FAILED.
		 */
		private int maxWorkItemAttempts = 10;

		/**
		 * Whether a workflow worker runs the fast activities its turn scheduled right away and
		 * commits their results with the turn (activities still run at least once).
		 */
		private boolean inlineActivities = true;

		/**
		 * How long one work item may hold every worker of a pool (all workflow workers, or all
		 * activity workers) before the health indicator reports DOWN because the pool cannot
		 * make progress. Set it above the longest activity you expect.
		 */
		private Duration stuckTimeout = Duration.ofMinutes(5);

		public Duration getStuckTimeout() {
			return this.stuckTimeout;
		}

		public void setStuckTimeout(Duration stuckTimeout) {
			this.stuckTimeout = stuckTimeout;
		}

		public boolean isInlineActivities() {
			return this.inlineActivities;
		}

		public void setInlineActivities(boolean inlineActivities) {
			this.inlineActivities = inlineActivities;
		}

		public int getMaxConcurrentWorkflows() {
			return this.maxConcurrentWorkflows;
		}

		public void setMaxConcurrentWorkflows(int maxConcurrentWorkflows) {
			this.maxConcurrentWorkflows = maxConcurrentWorkflows;
		}

		public int getMaxConcurrentActivities() {
			return this.maxConcurrentActivities;
		}

		public void setMaxConcurrentActivities(int maxConcurrentActivities) {
			this.maxConcurrentActivities = maxConcurrentActivities;
		}

		public int getMaxWorkItemAttempts() {
			return this.maxWorkItemAttempts;
		}

		public void setMaxWorkItemAttempts(int maxWorkItemAttempts) {
			this.maxWorkItemAttempts = maxWorkItemAttempts;
		}

	}

}
