package dev.workflow.backend.actors.jdbc;

import java.util.Map;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.WorkflowBackends;

/** The contract suite on the actors backend with the jdbc state store on an H2 database file. */
class ActorsJdbcH2ContractTest extends WorkflowBackendContractTest {

	private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);

	@Override
	public WorkflowBackend createBackend(String storage, Map<String, String> extra) {
		String url = "jdbc:h2:file:" + java.nio.file.Path.of("target", "h2", "actors-" + this.run + "-" + storage).toAbsolutePath();
		return WorkflowBackends.create("actors",
				new BackendConfiguration(merge(Map.of("state-store", "jdbc", "url", url), extra)), backendContext(storage));
	}

}
