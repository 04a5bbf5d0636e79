package dev.workflow.backend;

/**
 * Contract tests for the Dapr Java SDK's context and task surface: no-input calls, ZonedDateTime timers, parent instance, sendEvent, thenApply/thenAccept, composite allOf failures, retry handlers, failure texts and details. Implemented by {@link WorkflowBackendContractTest}, so they run on
 * every backend.
 */
public interface DaprApiContract extends BackendUnderTest {

}
