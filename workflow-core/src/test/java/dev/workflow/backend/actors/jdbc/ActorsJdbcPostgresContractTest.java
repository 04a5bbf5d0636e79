package dev.workflow.backend.actors.jdbc;

import java.util.HashMap;
import java.util.Map;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.backend.sql.TestDatabases;

/** The contract suite on the actors backend with the jdbc state store on PostgreSQL. */
class ActorsJdbcPostgresContractTest extends WorkflowBackendContractTest {

	private final java.util.Set<String> reset = new java.util.HashSet<>();

	@Override
	public WorkflowBackend createBackend(String storage, Map<String, String> extra) {
		String prefix = "actors_" + storage + "_";
		if (this.reset.add(prefix)) {
			TestDatabases.resetPostgres(prefix);
		}
		Map<String, String> config = new HashMap<>(TestDatabases.postgres(prefix));
		config.put("state-store", "jdbc");
		return WorkflowBackends.create("actors", new BackendConfiguration(merge(config, extra)), backendContext(storage));
	}

}
