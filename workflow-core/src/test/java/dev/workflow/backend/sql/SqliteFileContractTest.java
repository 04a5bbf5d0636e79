package dev.workflow.backend.sql;

import java.util.Map;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.WorkflowBackends;

/** The contract suite on the sqlite backend with a real database file (WAL). */
class SqliteFileContractTest extends WorkflowBackendContractTest {

	private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);

	@Override
	public WorkflowBackend createBackend(String storage, Map<String, String> extra) {
		String file = java.nio.file.Path.of("target", "sqlite", "contract-" + this.run + "-" + storage + ".db")
			.toAbsolutePath()
			.toString();
		return WorkflowBackends.create("sqlite",
				new BackendConfiguration(merge(Map.of("connection-string", "file:" + file), extra)), backendContext(storage));
	}

}
