package dev.workflow.backend.actors;

import java.util.Set;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;

/**
 * Creates an {@link ActorStateStore} for the actors backend's {@code state-store} setting. Found
 * with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.workflow.backend.actors.ActorStateStoreProvider}), so the actors
 * runtime never depends on a particular store and a jar on the class path can add one. Built in:
 * {@code memory} and {@code jdbc}.
 */
public interface ActorStateStoreProvider {

	/**
	 * The name that selects this store in {@code state-store}, in lower case.
	 * @return the name, such as {@code jdbc}
	 */
	String name();

	/**
	 * The backend configuration keys this store reads, beyond the actors backend's own; any other
	 * key is rejected at start-up.
	 * @return the keys
	 */
	default Set<String> configurationKeys() {
		return Set.of();
	}

	/**
	 * Opens the store. Called once per backend; the backend closes the store when it stops.
	 * @param configuration the actors backend's settings
	 * @param context the host's resources, such as a DataSource
	 * @return the store, ready for use
	 * @throws dev.workflow.backend.BackendConfigurationException if a setting is missing or invalid
	 */
	ActorStateStore create(BackendConfiguration configuration, BackendContext context);

}
