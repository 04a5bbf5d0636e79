package dev.workflow.grpc.dapr;

import java.util.Map;

/** The Dapr SDK against the endpoint on the actors backend with the in-memory state store. */
class DaprSdkActorsTest extends DaprSdkEndpointTests {

	@Override
	String backendType() {
		return "actors";
	}

	@Override
	Map<String, ?> backendConfiguration() {
		return Map.of("state-store", "memory");
	}

}
