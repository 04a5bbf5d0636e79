package dev.workflow.grpc.durabletask;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import dev.workflow.WorkflowRuntime;

/**
 * The durabletask-client 1.5.0 SDK against the endpoint on a SQLite file.
 */
class MicrosoftSdkSqliteTest extends MicrosoftSdkTests {

	@Override
	WorkflowRuntime.Builder runtime(String storage) {
		Path file = Path.of("target", "grpc-ms-" + storage + "-" + UUID.randomUUID() + ".db").toAbsolutePath();
		return WorkflowRuntime.builder().backend("sqlite", Map.of("connection-string", file.toString()));
	}

}
