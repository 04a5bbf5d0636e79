package dev.workflow.backend.actors;

import java.util.Map;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.WorkflowBackends;

/**
 * The contract suite on the actors backend with the memory state store, created through the
 * provider lookup as the runtime does. Every memory backend has its own storage.
 */
class ActorsMemoryContractTest extends WorkflowBackendContractTest {

	@Override
	public WorkflowBackend createBackend(String storage, Map<String, String> extra) {
		return WorkflowBackends.create("actors", new BackendConfiguration(merge(Map.of("state-store", "memory"), extra)),
				backendContext(storage));
	}

}
