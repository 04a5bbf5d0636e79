package dev.workflow.grpc.durabletask;

import java.util.Map;
import java.util.UUID;

import dev.workflow.WorkflowRuntime;

/**
 * The durabletask-client 1.5.0 SDK against the endpoint on PostgreSQL (the jdbc backend), at
 * WORKFLOW_TEST_POSTGRES_URL (user and password from _USER and _PASSWORD, default workflow). Fails,
 * never skips, without a server.
 */
class MicrosoftSdkPostgresTest extends MicrosoftSdkTests {

	@Override
	WorkflowRuntime.Builder runtime(String storage) {
		String url = System.getenv()
			.getOrDefault("WORKFLOW_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/workflow_test");
		// A fresh table prefix per run: no state from an earlier run, no drop needed.
		String prefix = storage + "_" + UUID.randomUUID().toString().substring(0, 8) + "_";
		return WorkflowRuntime.builder()
			.backend("jdbc", Map.of("url", url, "username",
					System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_USER", "workflow"), "password",
					System.getenv().getOrDefault("WORKFLOW_TEST_POSTGRES_PASSWORD", "workflow"), "table-prefix", prefix));
	}

}
