package dev.workflow.backend.sql;

import java.util.Map;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.WorkflowBackends;

/** The contract suite on the jdbc backend with an H2 database file. */
class H2ContractTest extends WorkflowBackendContractTest {

	private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);

	@Override
	public WorkflowBackend createBackend(String storage, Map<String, String> extra) {
		String url = "jdbc:h2:file:" + java.nio.file.Path.of("target", "h2", "contract-" + this.run + "-" + storage).toAbsolutePath();
		return WorkflowBackends.create("jdbc", new BackendConfiguration(merge(Map.of("url", url), extra)),
				backendContext(storage));
	}

}
