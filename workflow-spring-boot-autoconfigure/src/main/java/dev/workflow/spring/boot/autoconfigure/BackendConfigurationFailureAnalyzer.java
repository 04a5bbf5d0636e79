package dev.workflow.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.JdbcUrls;
import dev.workflow.backend.UnknownBackendTypeException;
import dev.workflow.backend.UnknownConfigurationKeyException;

/**
 * Explains a wrong workflow backend configuration at startup: unknown backend type, unknown or
 * malformed key, a table prefix that is not an identifier, a url without a driver, component files.
 * The advice follows the exception's type and its typed key, never its message text. Passwords in
 * JDBC urls are masked.
 */
final class BackendConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BackendConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BackendConfigurationException cause) {
		String key = cause.getKey() == null ? "" : cause.getKey();
		String action;
		if (cause instanceof UnknownBackendTypeException) {
			action = "Set dapr.workflow.backend-type to one of " + cause.getValidValues()
					+ ". A type is available when its module and driver are on the class path.";
		}
		else if (cause instanceof UnknownConfigurationKeyException) {
			action = "Use one of the valid keys under dapr.workflow.backend-configuration: " + cause.getValidValues()
					+ " (keys match ignoring case and dashes).";
		}
		else if (key.equals("table-prefix")) {
			action = "Set dapr.workflow.backend-configuration.table-prefix to an SQL identifier, such as wf_.";
		}
		else if (key.equals("url")) {
			action = "Check dapr.workflow.backend-configuration.url, username and password, and that the database's "
					+ "JDBC driver is a dependency of the application.";
		}
		else if (key.equals("components-path") || key.equals("spec.type")) {
			action = "Fix the component files under dapr.workflow.components-path: at most one component of type "
					+ cause.getValidValues() + ", with spec.metadata name/value pairs.";
		}
		else {
			action = "Fix dapr.workflow.backend-configuration." + key
					+ (cause.getValidValues().isEmpty() ? "." : "; for example " + cause.getValidValues() + ".");
		}
		// The built-in backends mask credentials where they build their messages; a backend from
		// another module may not, and the description goes to the console and the logs.
		return new FailureAnalysis(JdbcUrls.mask(cause.getMessage()), action, cause);
	}

}
