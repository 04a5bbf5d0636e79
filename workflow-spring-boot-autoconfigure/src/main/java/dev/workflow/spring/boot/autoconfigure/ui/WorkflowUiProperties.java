package dev.workflow.spring.boot.autoconfigure.ui;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the workflow dashboard, under {@code dapr.workflow.ui}.
 */
@ConfigurationProperties("dapr.workflow.ui")
public class WorkflowUiProperties {

	/** Whether the dashboard is served. Off by default: it shows payloads and stack traces. */
	private boolean enabled;

	/** Where the dashboard is served: a path starting with '/', without a trailing '/'. */
	private String path = "/workflows-ui";

	/** Whether actions (raise event, suspend, resume, terminate, purge, restart) are refused. */
	private boolean readOnly = true;

	/**
	 * The role a signed-in user needs for actions when Spring Security is present (without the
	 * {@code ROLE_} prefix). Empty means any signed-in user.
	 */
	private String actionRole = "WORKFLOW_ADMIN";

	/** A running or pending instance that has not changed for this long is listed as stuck. */
	private Duration stuckAfter = Duration.ofMinutes(10);

	/**
	 * Serve the dashboard without Spring Security. Only honoured when the server is bound to a
	 * loopback address ({@code server.address=127.0.0.1}): anyone who can reach it may act.
	 */
	private boolean allowUnsecured;

	/**
	 * At most this many instances are read to count, sort and page the list and the overview; past
	 * it the dashboard says its figures are partial.
	 */
	private int maxScan = 10_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public String getActionRole() {
		return this.actionRole;
	}

	public void setActionRole(String actionRole) {
		this.actionRole = actionRole;
	}

	public Duration getStuckAfter() {
		return this.stuckAfter;
	}

	public void setStuckAfter(Duration stuckAfter) {
		this.stuckAfter = stuckAfter;
	}

	public boolean isAllowUnsecured() {
		return this.allowUnsecured;
	}

	public void setAllowUnsecured(boolean allowUnsecured) {
		this.allowUnsecured = allowUnsecured;
	}

	public int getMaxScan() {
		return this.maxScan;
	}

	public void setMaxScan(int maxScan) {
		this.maxScan = maxScan;
	}

	/**
	 * Checks the settings, so a wrong one fails at startup with what is allowed.
	 * @throws IllegalArgumentException naming the bad key and the allowed values
	 */
	void validate() {
		if (this.path == null || !this.path.matches("(/[A-Za-z0-9._~-]+)+")) {
			throw new IllegalArgumentException("dapr.workflow.ui.path must be a path such as /workflows-ui: '/' "
					+ "followed by segments of letters, digits, '.', '_', '~' or '-', without a trailing '/'; was '"
					+ this.path + "'");
		}
		if (this.stuckAfter == null || this.stuckAfter.isNegative() || this.stuckAfter.isZero()) {
			throw new IllegalArgumentException(
					"dapr.workflow.ui.stuck-after must be a positive duration such as 10m, was " + this.stuckAfter);
		}
		if (this.maxScan < 1 || this.maxScan > 1_000_000) {
			throw new IllegalArgumentException(
					"dapr.workflow.ui.max-scan must be between 1 and 1000000, was " + this.maxScan);
		}
		if (this.actionRole != null && this.actionRole.startsWith("ROLE_")) {
			throw new IllegalArgumentException("dapr.workflow.ui.action-role is a role name without the ROLE_ prefix "
					+ "(as in spring.security.user.roles), was '" + this.actionRole + "'");
		}
	}

}
