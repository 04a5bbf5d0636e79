package dev.workflow.benchmarks;

import java.time.Duration;
import java.util.Map;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;

/**
 * One side of a comparison: a workflow system started fresh for a round, running the same
 * workflow (three steps, each returning its input plus one character) once per call.
 */
interface Contender extends AutoCloseable {

	/**
	 * Runs one workflow to completion and returns its output.
	 * @param input the workflow's input
	 * @return the output, the input plus three characters
	 */
	String runOne(String input) throws Exception;

	@Override
	void close();

	/** The character each step appends. */
	static String step(String in) {
		return in + "x";
	}

	/** Ours: a runtime on a backend, driven through its client (start, then wait for completion). */
	final class Ours implements Contender {

		private final WorkflowRuntime runtime;

		private final WorkflowClient client;

		Ours(String type, Map<String, String> config, int maxConcurrentWorkflows) {
			WorkflowRuntime.Builder b = WorkflowRuntime.builder()
				.backend(WorkflowBackends.create(type, new BackendConfiguration(config), BackendContext.EMPTY))
				.registerActivity("step", (ctx, in) -> step(in), String.class)
				.registerWorkflow("seq3", (ctx, in) -> {
					String v = in;
					for (int i = 0; i < 3; i++) {
						v = ctx.callActivity("step", v, String.class).await();
					}
					return v;
				}, String.class);
			if (maxConcurrentWorkflows > 0) {
				b.maxConcurrentWorkflows(maxConcurrentWorkflows);
			}
			this.runtime = b.build();
			this.runtime.start();
			this.client = this.runtime.client();
		}

		@Override
		public String runOne(String input) throws Exception {
			String id = this.client.scheduleNewWorkflow("seq3", input);
			WorkflowInstanceStatus s = this.client.waitForInstanceCompletion(id, Duration.ofMinutes(5), true);
			return s.readOutputAs(String.class);
		}

		@Override
		public void close() {
			this.runtime.close();
		}

	}

	/**
	 * DBOS Transact: the workflow runs on the calling thread through DBOS's proxy (its usual and
	 * fastest form), with its system tables in their own schema of the same database.
	 */
	final class Dbos implements Contender {

		private final DBOS dbos;

		private final DbosSeq3 proxy;

		Dbos(String url, String user, String password, String schema) {
			DBOSConfig config = DBOSConfig.defaults("workflow-benchmarks")
				.withDatabaseUrl(url)
				.withDbUser(user)
				.withDbPassword(password)
				.withDatabaseSchema(schema)
				.disableAdminServer();
			this.dbos = new DBOS(config);
			this.proxy = this.dbos.registerProxy(DbosSeq3.class, new Seq3(this.dbos));
			this.dbos.launch();
		}

		@Override
		public String runOne(String input) {
			return this.proxy.run(input);
		}

		@Override
		public void close() {
			this.dbos.shutdown();
		}

		/** The DBOS implementation: three steps through {@link DBOS#runStep}. */
		static final class Seq3 implements DbosSeq3 {

			private final DBOS dbos;

			Seq3(DBOS dbos) {
				this.dbos = dbos;
			}

			@Override
			@Workflow(name = "seq3")
			public String run(String input) {
				String v = input;
				for (int i = 0; i < 3; i++) {
					String in = v;
					v = this.dbos.runStep(() -> step(in), "step" + i);
				}
				return v;
			}

		}

	}

}
