package dev.workflow.backend.actors;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendProvider;

/**
 * Provides the {@code actors} backend (alias {@code actor}, Dapr's {@code workflowbackend.actor}).
 * Keys: {@code state-store} ({@code memory}), {@code orchestration-lock-timeout},
 * {@code activity-lock-timeout}.
 */
public final class ActorsBackendProvider implements WorkflowBackendProvider {

	/** The default lease length of workflow and activity work items. */
	public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(2);

	@Override
	public String type() {
		return "actors";
	}

	@Override
	public Set<String> aliases() {
		return Set.of("actor");
	}

	@Override
	public Set<String> configurationKeys() {
		return Set.of("state-store", "orchestration-lock-timeout", "activity-lock-timeout");
	}

	@Override
	public WorkflowBackend create(BackendConfiguration configuration, BackendContext context) {
		String store = configuration.getString("state-store", "memory");
		if (!store.equalsIgnoreCase("memory")) {
			throw new BackendConfigurationException("Unknown state-store '" + store
					+ "' for workflow backend 'actors'; valid state stores are [memory]", "state-store", Set.of("memory"));
		}
		return new ActorsWorkflowBackend(new MemoryActorStateStore(),
				configuration.getDuration("orchestration-lock-timeout", DEFAULT_LOCK_TIMEOUT),
				configuration.getDuration("activity-lock-timeout", DEFAULT_LOCK_TIMEOUT), Clock.systemUTC());
	}

}
