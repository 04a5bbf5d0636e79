package dev.workflow.backend.actors.jdbc;

import java.util.Set;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.actors.ActorStateStore;
import dev.workflow.backend.actors.ActorStateStoreProvider;

/**
 * Provides the {@code jdbc} actor state store. Keys: {@code url}, {@code username},
 * {@code password} (or the host's DataSource) and {@code table-prefix}.
 */
public final class JdbcActorStateStoreProvider implements ActorStateStoreProvider {

	@Override
	public String name() {
		return "jdbc";
	}

	@Override
	public Set<String> configurationKeys() {
		return Set.of("url", "username", "password", "table-prefix");
	}

	@Override
	public ActorStateStore create(BackendConfiguration configuration, BackendContext context) {
		return JdbcActorStateStore.create(configuration, context);
	}

}
