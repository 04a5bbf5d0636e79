package dev.workflow.grpc.durabletask;

import java.util.Map;

import dev.workflow.WorkflowRuntime;

/**
 * The durabletask-client 1.5.0 SDK against the endpoint on the default backend, actors with the
 * memory state store.
 */
class MicrosoftSdkActorsTest extends MicrosoftSdkTests {

	@Override
	WorkflowRuntime.Builder runtime(String storage) {
		return WorkflowRuntime.builder().backend("actors", Map.of("state-store", "memory"));
	}

}
