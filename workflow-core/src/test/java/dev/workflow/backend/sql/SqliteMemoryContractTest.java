package dev.workflow.backend.sql;

import java.util.Map;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.WorkflowBackends;

/** The contract suite on the sqlite backend in memory (Dapr's {@code filePath: ":memory:"} form). */
class SqliteMemoryContractTest extends WorkflowBackendContractTest {

	@Override
	public WorkflowBackend createBackend(String storage, Map<String, String> extra) {
		return WorkflowBackends.create("sqlite", new BackendConfiguration(merge(Map.of("filePath", ":memory:"), extra)),
				backendContext(storage));
	}

	@Override
	public boolean keepsDataAcrossRestart() {
		return false;
	}

}
