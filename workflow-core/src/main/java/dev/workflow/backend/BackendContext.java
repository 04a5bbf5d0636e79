package dev.workflow.backend;

import java.util.Optional;

/**
 * What a hosting runtime offers to a backend it creates: shared resources by type, for example the
 * application's {@code javax.sql.DataSource} in Spring.
 */
@FunctionalInterface
public interface BackendContext {

	/**
	 * A context that offers nothing.
	 */
	BackendContext EMPTY = new BackendContext() {
		@Override
		public <T> Optional<T> find(Class<T> type) {
			return Optional.empty();
		}
	};

	/**
	 * Finds a shared resource.
	 * @param type the resource's type
	 * @param <T> the type
	 * @return the resource, if the host has exactly one
	 */
	<T> Optional<T> find(Class<T> type);

}
