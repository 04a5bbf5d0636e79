package dev.workflow.backend;

import java.util.Set;

/**
 * Creates backends of one type. Implementations are found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/dev.workflow.backend.WorkflowBackendProvider}), so a
 * third party can add a backend by putting a jar on the classpath.
 */
public interface WorkflowBackendProvider {

	/**
	 * The backend type name, as in {@code dapr.workflow.backend-type} ({@code actors}, {@code sqlite}, ...).
	 * @return the type name
	 */
	String type();

	/**
	 * Other names this type answers to, for example Dapr's {@code actor}.
	 * @return the aliases, maybe empty
	 */
	default Set<String> aliases() {
		return Set.of();
	}

	/**
	 * The configuration keys this backend understands, in their documented dashed form.
	 * @return the keys
	 */
	Set<String> configurationKeys();

	/**
	 * Creates a backend; it is not started.
	 * @param configuration the settings, whose keys are already checked against {@link #configurationKeys()}
	 * @param context what the hosting runtime offers (for example an application DataSource) and the
	 * {@linkplain BackendContext#clock() clock} the backend reads the time from
	 * @return the backend
	 * @throws BackendConfigurationException if a value is malformed
	 */
	WorkflowBackend create(BackendConfiguration configuration, BackendContext context);

}
