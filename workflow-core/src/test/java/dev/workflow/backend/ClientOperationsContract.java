package dev.workflow.backend;

/**
 * Contract tests for the client operations Dapr and durabletask users expect: status visibility right after control calls, restart, purge and list by criteria, payload fetching. Implemented by {@link WorkflowBackendContractTest}, so they run on
 * every backend.
 */
public interface ClientOperationsContract extends BackendUnderTest {

}
