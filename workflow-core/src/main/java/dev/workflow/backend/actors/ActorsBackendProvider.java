package dev.workflow.backend.actors;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendProvider;

/**
 * Provides the {@code actors} backend (alias {@code actor}, Dapr's {@code workflowbackend.actor}).
 * Keys: {@code state-store} ({@code memory} or {@code jdbc}), {@code orchestration-lock-timeout},
 * {@code activity-lock-timeout}; with {@code jdbc}: {@code url}, {@code username},
 * {@code password} (or the host's DataSource) and {@code table-prefix}, and for placement across
 * replicas sharing the store {@code partition-count} (default 32, fixed once the store is set up),
 * {@code partition-lease-timeout} (default 10s: how soon a dead replica's actors move) and
 * {@code reminder-poll-interval} (default 250ms: how soon an owner sees messages other replicas stored).
 * <p>
 * The state store is chosen by name among the {@link ActorStateStoreProvider}s on the class path
 * ({@link ServiceLoader}), so this runtime does not depend on any store's package.
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
		Set<String> keys = new HashSet<>(Set.of("state-store", "orchestration-lock-timeout", "activity-lock-timeout",
				"partition-count", "partition-lease-timeout", "reminder-poll-interval"));
		// every store's keys, whichever store is chosen: a key is unknown only if no store reads it
		storeProviders().values().forEach(provider -> keys.addAll(provider.configurationKeys()));
		return keys;
	}

	@Override
	public WorkflowBackend create(BackendConfiguration configuration, BackendContext context) {
		int partitions = configuration.getInt("partition-count", ActorsWorkflowBackend.DEFAULT_PARTITION_COUNT);
		if (partitions < 1 || partitions > 4096) {
			throw new BackendConfigurationException("Invalid partition-count " + partitions
					+ " for workflow backend 'actors': it must be 1 to 4096", "partition-count", Set.of());
		}
		Duration partitionLease = configuration.getDuration("partition-lease-timeout",
				ActorsWorkflowBackend.DEFAULT_PARTITION_LEASE_TIMEOUT);
		Duration poll = configuration.getDuration("reminder-poll-interval",
				ActorsWorkflowBackend.DEFAULT_REMINDER_POLL_INTERVAL);
		String storeName = configuration.getString("state-store", "memory").toLowerCase(Locale.ROOT);
		Map<String, ActorStateStoreProvider> stores = storeProviders();
		ActorStateStoreProvider storeProvider = stores.get(storeName);
		if (storeProvider == null) {
			throw new BackendConfigurationException("Unknown state-store '" + storeName
					+ "' for workflow backend 'actors'; valid state stores are " + stores.keySet(), "state-store",
					stores.keySet());
		}
		ActorStateStore store = storeProvider.create(configuration, context);
		return new ActorsWorkflowBackend(store,
				configuration.getLockTimeout("orchestration-lock-timeout", DEFAULT_LOCK_TIMEOUT),
				configuration.getLockTimeout("activity-lock-timeout", DEFAULT_LOCK_TIMEOUT), context.clock(), partitions,
				partitionLease, poll);
	}

	/** The state store providers on the class path, by name (sorted, for messages). */
	private static Map<String, ActorStateStoreProvider> storeProviders() {
		Map<String, ActorStateStoreProvider> providers = new TreeMap<>();
		ServiceLoader.load(ActorStateStoreProvider.class, ActorsBackendProvider.class.getClassLoader())
			.forEach(provider -> providers.putIfAbsent(provider.name().toLowerCase(Locale.ROOT), provider));
		return providers;
	}

}
