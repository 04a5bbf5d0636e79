package dev.workflow.backend.sql;

import java.util.Map;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowBackendContractTest;
import dev.workflow.backend.WorkflowBackends;

/** The contract suite on the jdbc backend with a real PostgreSQL server on 127.0.0.1. */
class PostgresContractTest extends WorkflowBackendContractTest {

	private final java.util.Set<String> reset = new java.util.HashSet<>();

	@Override
	public WorkflowBackend createBackend(String storage, Map<String, String> extra) {
		String prefix = "contract_" + storage + "_";
		if (this.reset.add(prefix)) {
			TestDatabases.resetPostgres(prefix);
		}
		return WorkflowBackends.create("jdbc", new BackendConfiguration(merge(TestDatabases.postgres(prefix), extra)),
				backendContext(storage));
	}

}
