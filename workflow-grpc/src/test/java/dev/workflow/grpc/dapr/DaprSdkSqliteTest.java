package dev.workflow.grpc.dapr;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** The Dapr SDK against the endpoint on a SQLite file. */
class DaprSdkSqliteTest extends DaprSdkEndpointTests {

	@Override
	String backendType() {
		return "sqlite";
	}

	@Override
	Map<String, ?> backendConfiguration() {
		Path file = Path.of("target", "sqlite", "dapr-sdk-" + UUID.randomUUID() + ".db").toAbsolutePath();
		file.getParent().toFile().mkdirs();
		return Map.of("connection-string", "file:" + file);
	}

}
