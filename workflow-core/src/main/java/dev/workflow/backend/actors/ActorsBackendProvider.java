package dev.workflow.backend.actors;

import java.time.Duration;
import java.util.Set;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendProvider;
import dev.workflow.backend.sql.JdbcActorStateStore;

/**
 * Provides the {@code actors} backend (alias {@code actor}, Dapr's {@code workflowbackend.actor}).
 * Keys: {@code state-store} ({@code memory} or {@code jdbc}), {@code orchestration-lock-timeout},
 * {@code activity-lock-timeout}; with {@code jdbc}: {@code url}, {@code username},
 * {@code password} (or the host's DataSource) and {@code table-prefix}, and for placement across
 * replicas sharing the store {@code partition-count} (default 32, fixed once the store is set up),
 * {@code partition-lease-timeout} (default 10s: how soon a dead replica's actors move) and
 * {@code reminder-poll-interval} (default 250ms: how soon an owner sees messages other replicas stored).
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
		return Set.of("state-store", "orchestration-lock-timeout", "activity-lock-timeout", "url", "username", "password",
				"table-prefix", "partition-count", "partition-lease-timeout", "reminder-poll-interval");
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
		String storeName = configuration.getString("state-store", "memory").toLowerCase(java.util.Locale.ROOT);
		ActorStateStore store = switch (storeName) {
			case "memory" -> new MemoryActorStateStore();
			case "jdbc" -> JdbcActorStateStore.create(configuration, context);
			default -> throw new BackendConfigurationException("Unknown state-store '" + storeName
					+ "' for workflow backend 'actors'; valid state stores are [memory, jdbc]", "state-store",
					Set.of("memory", "jdbc"));
		};
		return new ActorsWorkflowBackend(store,
				configuration.getLockTimeout("orchestration-lock-timeout", DEFAULT_LOCK_TIMEOUT),
				configuration.getLockTimeout("activity-lock-timeout", DEFAULT_LOCK_TIMEOUT), context.clock(), partitions,
				partitionLease, poll);
	}

}
