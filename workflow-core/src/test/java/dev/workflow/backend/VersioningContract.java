package dev.workflow.backend;

/**
 * Contract tests for workflow versioning: patches (isPatched) and named versions with one latest. Implemented by {@link WorkflowBackendContractTest}, so they run on
 * every backend.
 */
public interface VersioningContract extends BackendUnderTest {

}
