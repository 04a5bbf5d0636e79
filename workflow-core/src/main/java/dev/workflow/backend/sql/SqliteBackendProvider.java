package dev.workflow.backend.sql;

import java.util.HashSet;
import java.util.Set;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendProvider;

/**
 * Provides the {@code sqlite} backend (Dapr's {@code workflowbackend.sqlite}). Keys:
 * {@code connection-string} (or Dapr's {@code filePath}; {@code :memory:} allowed; default
 * {@code workflows.db} in the working directory), {@code table-prefix}, lock timeouts and polling
 * intervals. Needs {@code org.xerial:sqlite-jdbc} on the class path.
 */
public final class SqliteBackendProvider implements WorkflowBackendProvider {

	@Override
	public String type() {
		return "sqlite";
	}

	@Override
	public Set<String> configurationKeys() {
		Set<String> keys = new HashSet<>(SqlBackends.COMMON_KEYS);
		keys.add("connection-string");
		keys.add("file-path");
		return keys;
	}

	@Override
	public WorkflowBackend create(BackendConfiguration configuration, BackendContext context) {
		String connection = configuration.getString("connection-string",
				configuration.getString("file-path", "workflows.db"));
		SqlWorkflowBackend.Settings settings = SqlBackends.settings(configuration);
		return SqlBackends.backend(SqlBackends.sqlite(connection, settings.statementTimeout()), settings, context.clock());
	}

}
