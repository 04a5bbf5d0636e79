package dev.workflow.spring.boot.autoconfigure.ui;

/**
 * The dashboard was enabled without Spring Security, and serving it unsecured was not allowed or
 * the server is reachable from other machines. The dashboard shows payloads and stack traces and
 * can terminate and purge instances, so it refuses to start rather than serve that to anyone.
 */
public class WorkflowUiUnsecuredException extends RuntimeException {

	private final boolean allowUnsecured;

	private final String serverAddress;

	/**
	 * Creates the exception.
	 * @param allowUnsecured whether {@code dapr.workflow.ui.allow-unsecured} was true
	 * @param serverAddress the {@code server.address} the server binds to, or null for every
	 * interface
	 */
	public WorkflowUiUnsecuredException(boolean allowUnsecured, String serverAddress) {
		super("The workflow dashboard (dapr.workflow.ui.enabled=true) needs Spring Security on the class path"
				+ (allowUnsecured ? "; dapr.workflow.ui.allow-unsecured=true is only honoured when the server is bound "
						+ "to a loopback address, but server.address is "
						+ (serverAddress == null ? "not set (every interface)" : "'" + serverAddress + "'")
						: ", or dapr.workflow.ui.allow-unsecured=true with server.address on loopback"));
		this.allowUnsecured = allowUnsecured;
		this.serverAddress = serverAddress;
	}

	/**
	 * Whether serving the dashboard unsecured was allowed.
	 * @return the value of {@code dapr.workflow.ui.allow-unsecured}
	 */
	public boolean isAllowUnsecured() {
		return this.allowUnsecured;
	}

	/**
	 * The address the server binds to.
	 * @return {@code server.address}, or null when unset (every interface)
	 */
	public String getServerAddress() {
		return this.serverAddress;
	}

}
