package dev.workflow.spring.boot.autoconfigure.ui;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains why the dashboard refused to start without Spring Security, and the two ways out.
 */
final class WorkflowUiFailureAnalyzer extends AbstractFailureAnalyzer<WorkflowUiUnsecuredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WorkflowUiUnsecuredException cause) {
		String description = "The workflow dashboard is enabled (dapr.workflow.ui.enabled=true) but Spring Security "
				+ "is not on the class path, so nothing would stop anyone who reaches the server from reading "
				+ "payloads and stack traces or terminating and purging workflows.";
		if (cause.isAllowUnsecured()) {
			description += " dapr.workflow.ui.allow-unsecured=true is set, but the server listens on "
					+ (cause.getServerAddress() == null ? "every interface (server.address is not set)"
							: "'" + cause.getServerAddress() + "', which is not a loopback address");
		}
		String action = "Add spring-boot-starter-security to the application (the dashboard then requires a signed-in "
				+ "user, and the role in dapr.workflow.ui.action-role for actions), or, for local development only, "
				+ "set dapr.workflow.ui.allow-unsecured=true and server.address=127.0.0.1. "
				+ "Or turn the dashboard off with dapr.workflow.ui.enabled=false.";
		return new FailureAnalysis(description, action, cause);
	}

}
