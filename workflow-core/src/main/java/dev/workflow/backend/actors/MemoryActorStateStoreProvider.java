package dev.workflow.backend.actors;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;

/** Provides the {@code memory} actor state store: nothing survives the process. */
public final class MemoryActorStateStoreProvider implements ActorStateStoreProvider {

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public ActorStateStore create(BackendConfiguration configuration, BackendContext context) {
		return new MemoryActorStateStore();
	}

}
