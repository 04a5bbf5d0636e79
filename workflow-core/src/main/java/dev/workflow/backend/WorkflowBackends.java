package dev.workflow.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds backend providers by type name through {@link ServiceLoader}.
 */
public final class WorkflowBackends {

	private WorkflowBackends() {
	}

	/**
	 * All providers on the class path.
	 * @param classLoader the loader to search
	 * @return the providers
	 */
	public static List<WorkflowBackendProvider> providers(ClassLoader classLoader) {
		List<WorkflowBackendProvider> result = new ArrayList<>();
		ServiceLoader.load(WorkflowBackendProvider.class, classLoader).forEach(result::add);
		return result;
	}

	/**
	 * The provider for a type name or alias.
	 * @param type the type, such as {@code actors}
	 * @param classLoader the loader to search
	 * @return the provider
	 * @throws BackendConfigurationException naming the valid types if none matches
	 */
	public static WorkflowBackendProvider provider(String type, ClassLoader classLoader) {
		String wanted = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
		List<WorkflowBackendProvider> all = providers(classLoader);
		for (WorkflowBackendProvider p : all) {
			if (p.type().equals(wanted) || p.aliases().contains(wanted)) {
				return p;
			}
		}
		TreeSet<String> valid = new TreeSet<>();
		all.forEach(p -> valid.add(p.type()));
		throw new UnknownBackendTypeException(type, valid);
	}

	/**
	 * Creates a backend of the given type, checking the configuration's keys first.
	 * @param type the type
	 * @param configuration the settings
	 * @param context the host's resources
	 * @return the backend, not started
	 */
	public static WorkflowBackend create(String type, BackendConfiguration configuration, BackendContext context) {
		WorkflowBackendProvider p = provider(type, WorkflowBackends.class.getClassLoader());
		configuration.requireKnownKeys(p.type(), p.configurationKeys());
		return p.create(configuration, context);
	}

}
