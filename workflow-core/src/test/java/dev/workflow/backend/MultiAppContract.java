package dev.workflow.backend;

/**
 * Contract tests for multi-app workflows: apps sharing one backend, calls routed by app id, workers claiming only work they can run. Implemented by {@link WorkflowBackendContractTest}, so they run on
 * every backend.
 */
public interface MultiAppContract extends BackendUnderTest {

}
