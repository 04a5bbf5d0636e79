package dev.workflow.backend.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.BackendContext;

/**
 * The actors backend finds its state stores through {@link ActorStateStoreProvider}: by
 * {@code state-store} name, with an error that lists the stores on the class path.
 */
class ActorStateStoreProvidersTest {

	private final ActorsBackendProvider provider = new ActorsBackendProvider();

	@Test
	void memoryIsTheDefaultStore() {
		ActorsWorkflowBackend backend = (ActorsWorkflowBackend) this.provider.create(BackendConfiguration.empty(),
				BackendContext.EMPTY);
		assertThat(backend.store()).isInstanceOf(MemoryActorStateStore.class);
	}

	@Test
	void jdbcStoreIsFoundByName() {
		String url = "jdbc:h2:file:" + Path.of("target", "h2", "store-provider-" + UUID.randomUUID().toString().substring(0, 8))
			.toAbsolutePath();
		ActorsWorkflowBackend backend = (ActorsWorkflowBackend) this.provider
			.create(new BackendConfiguration(Map.of("state-store", "JDBC", "url", url)), BackendContext.EMPTY);
		try {
			assertThat(backend.store().getClass().getName())
				.isEqualTo("dev.workflow.backend.actors.jdbc.JdbcActorStateStore");
			assertThat(backend.store().isDurable()).isTrue();
		}
		finally {
			backend.store().close();
		}
	}

	@Test
	void unknownStateStoreFailsWithTheAvailableStores() {
		assertThatThrownBy(() -> this.provider.create(new BackendConfiguration(Map.of("state-store", "redis")),
				BackendContext.EMPTY))
			.isInstanceOfSatisfying(BackendConfigurationException.class, ex -> {
				assertThat(ex.getKey()).isEqualTo("state-store");
				assertThat(ex.getValidValues()).containsExactly("jdbc", "memory");
			})
			.hasMessageContaining("Unknown state-store 'redis'")
			.hasMessageContaining("[jdbc, memory]");
	}

	@Test
	void everyStoresKeysAreKnownToTheBackend() {
		assertThat(this.provider.configurationKeys()).contains("state-store", "partition-count", "url", "username",
				"password", "table-prefix");
	}

}
