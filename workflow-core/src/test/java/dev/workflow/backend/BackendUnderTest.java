package dev.workflow.backend;

import java.util.Map;
import java.util.function.Consumer;

import dev.workflow.WorkflowRuntime;

/**
 * What a contract test needs of the backend under test. The contract suite is
 * {@link WorkflowBackendContractTest} plus the area interfaces it implements (each extends this
 * one and holds its tests as default methods), so every area's tests run on every backend.
 */
public interface BackendUnderTest {

	/**
	 * Creates a new, not started backend of the type under test.
	 * @param storage names the storage: calls with the same name share it (same file, database
	 * or table prefix), calls with different names must not see each other's data; lower-case
	 * letters, digits and underscores, short (it becomes part of a table prefix)
	 * @param extraConfiguration settings the test needs on top of the backend's own
	 * @return the backend
	 */
	WorkflowBackend createBackend(String storage, Map<String, String> extraConfiguration);

	/**
	 * Builds and starts a runtime of its own on a new backend of the given storage. The caller
	 * closes it (try-with-resources).
	 * @param storage the storage, as for {@link #createBackend}
	 * @param setup registers what the test needs on the builder
	 * @return the started runtime
	 */
	default WorkflowRuntime startRuntime(String storage, Consumer<WorkflowRuntime.Builder> setup) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder().backend(createBackend(storage, Map.of()));
		setup.accept(builder);
		WorkflowRuntime runtime = builder.build();
		runtime.start();
		return runtime;
	}

}
