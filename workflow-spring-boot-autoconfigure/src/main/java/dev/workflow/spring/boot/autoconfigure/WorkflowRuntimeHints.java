package dev.workflow.spring.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

import dev.workflow.FailureDetails;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.WorkflowBackendProvider;
import dev.workflow.history.HistoryEvent;

/**
 * What a native image needs of the workflow library itself: the history records and the other
 * records the backends store as JSON (bound by Jackson through reflection), the Flyway migrations
 * of every vendor folder, and the {@code ServiceLoader} files through which backends and actor state
 * stores are found, with their providers' constructors. The workflow and activity beans of an
 * application are covered by {@link WorkflowBeanMethodsAotProcessor}.
 */
final class WorkflowRuntimeHints implements RuntimeHintsRegistrar {

	/** The SPIs the library looks up with {@link java.util.ServiceLoader}. */
	static final List<String> SERVICE_INTERFACES = List.of(WorkflowBackendProvider.class.getName(),
			"dev.workflow.backend.actors.ActorStateStoreProvider");

	/** Migration folders, one sub-folder per vendor (h2, postgresql, sqlite). */
	static final List<String> MIGRATION_FOLDERS = List.of("db/workflow", "db/workflow-actors");

	/**
	 * Records the actors backend stores as JSON that are not public; named, so that a missing one
	 * (renamed in the core) is skipped here and caught by the tests.
	 */
	static final List<String> INTERNAL_STORED_TYPES = List.of("dev.workflow.backend.actors.ReminderMessage",
			"dev.workflow.backend.actors.WorkflowActor$Meta");

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		binding.registerReflectionHints(hints.reflection(), storedTypes(classLoader).toArray(new Class<?>[0]));
		for (String folder : MIGRATION_FOLDERS) {
			hints.resources().registerPattern(folder + "/*/*.sql");
		}
		for (String service : SERVICE_INTERFACES) {
			String file = "META-INF/services/" + service;
			hints.resources().registerPattern(file);
			for (String provider : providers(classLoader, file)) {
				hints.reflection().registerTypeIfPresent(classLoader, provider,
						MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
			}
		}
	}

	/** Every type stored as JSON: each history record, failure details, activity requests, metadata. */
	static Set<Class<?>> storedTypes(ClassLoader classLoader) {
		Set<Class<?>> types = new LinkedHashSet<>();
		types.add(HistoryEvent.class);
		for (Class<?> event : HistoryEvent.class.getPermittedSubclasses()) {
			types.add(event);
		}
		types.add(FailureDetails.class);
		types.add(ActivityRequest.class);
		types.add(InstanceMetadata.class);
		for (String name : INTERNAL_STORED_TYPES) {
			if (ClassUtils.isPresent(name, classLoader)) {
				types.add(ClassUtils.resolveClassName(name, classLoader));
			}
		}
		return types;
	}

	/** The provider class names listed in every copy of a service file on the class path. */
	static List<String> providers(ClassLoader classLoader, String file) {
		List<String> names = new ArrayList<>();
		try {
			Enumeration<URL> urls = (classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader())
				.getResources(file);
			while (urls.hasMoreElements()) {
				try (BufferedReader in = new BufferedReader(
						new InputStreamReader(urls.nextElement().openStream(), StandardCharsets.UTF_8))) {
					in.lines()
						.map(line -> line.replaceFirst("#.*", "").trim())
						.filter(line -> !line.isEmpty())
						.forEach(names::add);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file + " to register native hints for its providers", ex);
		}
		return names;
	}

}
