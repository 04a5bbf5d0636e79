package dev.workflow.backend.actors.jdbc;

import java.util.Map;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.WorkflowBackends;

/** The contract suite on the actors backend with the jdbc state store on an SQLite file. */
class ActorsJdbcSqliteContractTest extends WorkflowBackendContractTest {

	private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);

	@Override
	public WorkflowBackend createBackend(String storage, Map<String, String> extra) {
		java.nio.file.Path dir = java.nio.file.Path.of("target", "sqlite");
		dir.toFile().mkdirs();
		String url = "jdbc:sqlite:" + dir.resolve("actors-" + this.run + "-" + storage + ".db").toAbsolutePath();
		return WorkflowBackends.create("actors",
				new BackendConfiguration(merge(Map.of("state-store", "jdbc", "url", url), extra)), backendContext(storage));
	}

}
