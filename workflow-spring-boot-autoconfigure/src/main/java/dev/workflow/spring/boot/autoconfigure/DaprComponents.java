package dev.workflow.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.workflow.backend.BackendConfigurationException;

/**
 * Reads Dapr component files ({@code kind: Component}) from a folder and finds the workflow
 * backend among them: {@code spec.type} {@code workflowbackend.actors} (alias
 * {@code workflowbackend.actor}), {@code workflowbackend.sqlite} or {@code workflowbackend.jdbc},
 * with {@code spec.metadata} name/value pairs as the backend's configuration. Components of other
 * types (state stores, pub/sub) are ignored; two backend components are an error.
 */
final class DaprComponents {

	static final List<String> BACKEND_TYPES = List.of("workflowbackend.actors", "workflowbackend.actor",
			"workflowbackend.sqlite", "workflowbackend.jdbc");

	/**
	 * The backend a component file defines.
	 * @param type the backend type (actors, sqlite, jdbc)
	 * @param configuration the metadata
	 * @param file where it was defined
	 */
	record Backend(String type, Map<String, String> configuration, Path file) {
	}

	private DaprComponents() {
	}

	static Optional<Backend> findBackend(Path folder) {
		if (!Files.isDirectory(folder)) {
			throw new BackendConfigurationException("dapr.workflow.components-path '" + folder
					+ "' is not a folder; point it at the folder that holds your Dapr component files", "components-path",
					List.of());
		}
		List<Backend> found = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.sorted().toList()) {
				String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
				if (Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
					found.addAll(read(file));
				}
			}
		}
		catch (IOException ex) {
			throw new BackendConfigurationException("Cannot read Dapr components from '" + folder + "': " + ex.getMessage(),
					"components-path", List.of());
		}
		if (found.size() > 1) {
			throw new BackendConfigurationException("Two workflow backend components: '" + found.get(0).file() + "' ("
					+ found.get(0).type() + ") and '" + found.get(1).file() + "' (" + found.get(1).type()
					+ "); keep exactly one component of type workflowbackend.*", "components-path", BACKEND_TYPES);
		}
		return found.stream().findFirst();
	}

	@SuppressWarnings("unchecked")
	private static List<Backend> read(Path file) throws IOException {
		List<Backend> out = new ArrayList<>();
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		try (Reader reader = Files.newBufferedReader(file)) {
			for (Object doc : yaml.loadAll(reader)) {
				if (!(doc instanceof Map<?, ?> map) || !"Component".equals(map.get("kind"))) {
					continue;
				}
				Object spec = map.get("spec");
				if (!(spec instanceof Map<?, ?> specMap) || !(specMap.get("type") instanceof String specType)) {
					throw invalid(file, "a Component needs spec.type");
				}
				String type = specType.trim().toLowerCase(Locale.ROOT);
				if (!type.startsWith("workflowbackend.")) {
					continue;
				}
				if (!BACKEND_TYPES.contains(type)) {
					throw new BackendConfigurationException("Unknown workflow backend component type '" + specType + "' in '"
							+ file + "'; valid types are " + BACKEND_TYPES, "spec.type", BACKEND_TYPES);
				}
				Map<String, String> config = new LinkedHashMap<>();
				Object metadata = specMap.get("metadata");
				if (metadata != null) {
					if (!(metadata instanceof List<?> entries)) {
						throw invalid(file, "spec.metadata must be a list of name/value pairs");
					}
					for (Object entry : entries) {
						if (!(entry instanceof Map<?, ?> pair) || !(pair.get("name") instanceof String key)) {
							throw invalid(file, "each spec.metadata entry needs a name and a value");
						}
						if (pair.containsKey("secretKeyRef")) {
							throw invalid(file, "metadata '" + key
									+ "' uses secretKeyRef, which is not supported here; give the value inline or use Spring properties");
						}
						Object value = pair.get("value");
						config.put(key, value == null ? null : String.valueOf(value));
					}
				}
				String backendType = type.substring("workflowbackend.".length());
				out.add(new Backend(backendType.equals("actor") ? "actors" : backendType, config, file));
			}
		}
		catch (org.yaml.snakeyaml.error.YAMLException ex) {
			throw invalid(file, "not valid YAML: " + ex.getMessage());
		}
		return out;
	}

	private static BackendConfigurationException invalid(Path file, String what) {
		return new BackendConfigurationException("Invalid Dapr component file '" + file + "': " + what, "components-path",
				BACKEND_TYPES);
	}

}
