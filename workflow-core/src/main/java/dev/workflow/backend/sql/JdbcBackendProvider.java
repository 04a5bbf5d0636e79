package dev.workflow.backend.sql;

import java.util.HashSet;
import java.util.Set;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendProvider;

/**
 * Provides the {@code jdbc} backend on PostgreSQL, H2 or SQLite. Keys: {@code url},
 * {@code username}, {@code password} (without a url, the host's single DataSource is used),
 * {@code table-prefix}, lock timeouts and polling intervals. PostgreSQL is the many-replica
 * backend: replicas sharing one database coordinate through leases and SKIP LOCKED.
 */
public final class JdbcBackendProvider implements WorkflowBackendProvider {

	@Override
	public String type() {
		return "jdbc";
	}

	@Override
	public Set<String> configurationKeys() {
		Set<String> keys = new HashSet<>(SqlBackends.COMMON_KEYS);
		keys.addAll(Set.of("url", "username", "password"));
		return keys;
	}

	@Override
	public WorkflowBackend create(BackendConfiguration configuration, BackendContext context) {
		SqlWorkflowBackend.Settings settings = SqlBackends.settings(configuration);
		return SqlBackends.backend(SqlBackends.fromConfiguration(configuration, context, "jdbc workflow backend",
				settings.statementTimeout()), settings, context.clock(),
				context.find(dev.workflow.backend.HostTransactions.class).orElse(null));
	}

}
