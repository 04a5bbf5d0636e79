package dev.workflow.spring.boot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.workflow.DuplicateRegistrationException;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.sql.SqlWorkflowBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a developer reads when startup fails, and the Dapr component form of the configuration.
 */
class FailureAnalyzersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class));

	private FailureAnalysis analyzeStartup(String... properties) {
		Throwable[] failure = new Throwable[1];
		this.runner.withPropertyValues(properties).run(ctx -> failure[0] = ctx.getStartupFailure());
		assertThat(failure[0]).isNotNull();
		FailureAnalysis analysis = new BackendConfigurationFailureAnalyzer().analyze(failure[0]);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Test
	void unknownBackendTypeListsTheValidTypes() {
		FailureAnalysis a = analyzeStartup("dapr.workflow.backend-type=cassandra");
		assertThat(a.getDescription()).contains("Unknown workflow backend type 'cassandra'");
		assertThat(a.getAction()).contains("dapr.workflow.backend-type").contains("actors").contains("sqlite").contains("jdbc");
	}

	@Test
	void unknownKeyNamesItAndTheValidKeys() {
		FailureAnalysis a = analyzeStartup("dapr.workflow.backend-type=sqlite",
				"dapr.workflow.backend-configuration.conection-string=x.db");
		assertThat(a.getDescription()).contains("Unknown key 'conection-string'");
		assertThat(a.getAction()).contains("connection-string");
	}

	@Test
	void malformedDurationSaysTheExpectedForm() {
		FailureAnalysis a = analyzeStartup("dapr.workflow.backend-configuration.activity-lock-timeout=two minutes");
		assertThat(a.getDescription()).contains("Invalid duration 'two minutes'").contains("30s");
	}

	@Test
	void lockTimeoutOutOfRangeNamesKeyValueAndRange() {
		// issue 12, semantics: accepted before, then every poll overflowed
		FailureAnalysis a = analyzeStartup("dapr.workflow.backend-configuration.orchestration-lock-timeout=PT9999999999H");
		assertThat(a.getDescription()).contains("orchestration-lock-timeout").contains("PT9999999999H").contains("from 1s to 1h");
	}

	@Test
	void tablePrefixThatIsNotAnIdentifierSaysWhatIsAllowed() {
		FailureAnalysis a = analyzeStartup("dapr.workflow.backend-type=sqlite",
				"dapr.workflow.backend-configuration.connection-string=:memory:",
				"dapr.workflow.backend-configuration.table-prefix=1-bad");
		assertThat(a.getDescription()).contains("Invalid table-prefix '1-bad'");
		assertThat(a.getAction()).contains("SQL identifier");
	}

	@Test
	void jdbcUrlWithoutDriverTellsToAddTheDriver() {
		FailureAnalysis a = analyzeStartup("dapr.workflow.backend-type=jdbc",
				"dapr.workflow.backend-configuration.url=jdbc:oracle:thin:@db:1521/x");
		assertThat(a.getDescription()).contains("No JDBC driver").contains("jdbc:oracle:thin:@db:1521/x");
		assertThat(a.getAction()).contains("driver");
	}

	@Test
	void duplicateWorkflowNameAnalysisSaysToRenameOne() {
		FailureAnalysis a = new WorkflowDefinitionFailureAnalyzer()
			.analyze(new DuplicateRegistrationException("Duplicate workflow name 'x': declared by A and by B"));
		assertThat(a.getDescription()).contains("'x'");
		assertThat(a.getAction()).contains("unique name");
	}

	@Test
	void daprSqliteComponentDefinesTheBackend(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("statestore.yaml"), """
				apiVersion: dapr.io/v1alpha1
				kind: Component
				metadata:
				  name: statestore
				spec:
				  type: state.redis
				  version: v1
				""");
		Files.writeString(dir.resolve("workflow.yaml"), """
				apiVersion: dapr.io/v1alpha1
				kind: Component
				metadata:
				  name: workflowbackend
				spec:
				  type: workflowbackend.sqlite
				  version: v1
				  metadata:
				  - name: connectionString
				    value: "%s"
				  - name: orchestrationLockTimeout
				    value: 30s
				""".formatted(dir.resolve("wf.db")));
		this.runner.withPropertyValues("dapr.workflow.components-path=" + dir).run(ctx -> {
			assertThat(ctx).hasNotFailed();
			WorkflowBackend backend = ctx.getBean(WorkflowBackend.class);
			assertThat(backend).isInstanceOf(SqlWorkflowBackend.class);
			assertThat(backend.workflowLockTimeout()).hasSeconds(30);
		});
	}

	@Test
	void twoBackendComponentsFailNamingBothFiles(@TempDir Path dir) throws Exception {
		String component = """
				kind: Component
				metadata:
				  name: wf
				spec:
				  type: %s
				""";
		Files.writeString(dir.resolve("a.yaml"), component.formatted("workflowbackend.actors"));
		Files.writeString(dir.resolve("b.yml"), component.formatted("workflowbackend.sqlite"));
		Throwable[] failure = new Throwable[1];
		this.runner.withPropertyValues("dapr.workflow.components-path=" + dir)
			.run(ctx -> failure[0] = ctx.getStartupFailure());
		FailureAnalysis a = new BackendConfigurationFailureAnalyzer().analyze(failure[0]);
		assertThat(a.getDescription()).contains("a.yaml").contains("b.yml").contains("Two workflow backend components");
		assertThat(a.getAction()).contains("at most one component");
	}

	@Test
	void daprActorAliasAndUnknownComponentTypes(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("wf.yaml"), """
				kind: Component
				spec:
				  type: workflowbackend.actor
				""");
		this.runner.withPropertyValues("dapr.workflow.components-path=" + dir)
			.run(ctx -> assertThat(ctx.getBean(WorkflowBackend.class).getClass().getSimpleName())
				.isEqualTo("ActorsWorkflowBackend"));
		Files.writeString(dir.resolve("wf.yaml"), """
				kind: Component
				spec:
				  type: workflowbackend.mongodb
				""");
		this.runner.withPropertyValues("dapr.workflow.components-path=" + dir)
			.run(ctx -> assertThat(ctx.getStartupFailure()).rootCause()
				.isInstanceOf(BackendConfigurationException.class)
				.hasMessageContaining("workflowbackend.mongodb")
				.hasMessageContaining("workflowbackend.sqlite"));
	}

	@Test
	void passwordInAJdbcUrlIsMaskedWhenTheDriverIsMissing() {
		Throwable[] failure = new Throwable[1];
		this.runner
			.withPropertyValues("dapr.workflow.backend-type=jdbc",
					"dapr.workflow.backend-configuration.url=jdbc:mysql://app:s3cret-one@db:3306/orders?password=s3cret-two&user=app")
			.run(ctx -> failure[0] = ctx.getStartupFailure());
		FailureAnalysis a = new BackendConfigurationFailureAnalyzer().analyze(failure[0]);
		assertThat(a.getDescription()).contains("No JDBC driver")
			.contains("jdbc:mysql://app:")
			.contains("@db:3306/orders?password=")
			.contains("user=app")
			.doesNotContain("s3cret");
		assertNoMessageInTheChainContains(failure[0], "s3cret");
	}

	@Test
	void passwordInAJdbcUrlIsMaskedWhenTheDatabaseCannotBeOpened() {
		Throwable[] failure = new Throwable[1];
		this.runner
			.withPropertyValues("dapr.workflow.backend-type=jdbc",
					"dapr.workflow.backend-configuration.url=jdbc:sqlite:/proc/no-such-dir/wf.db?password=s3cret")
			.run(ctx -> failure[0] = ctx.getStartupFailure());
		FailureAnalysis a = new BackendConfigurationFailureAnalyzer().analyze(failure[0]);
		assertThat(a.getDescription()).contains("/proc/no-such-dir/wf.db").doesNotContain("s3cret");
		assertNoMessageInTheChainContains(failure[0], "s3cret");
	}

	@Test
	void passwordInTheActorStoresJdbcUrlIsMaskedWhenTheDatabaseIsUnreachable() {
		Throwable[] failure = new Throwable[1];
		// Port 1 refuses at once; the pool gives up after its connection timeout.
		this.runner
			.withPropertyValues("dapr.workflow.backend-type=actors", "dapr.workflow.backend-configuration.state-store=jdbc",
					"dapr.workflow.backend-configuration.url=jdbc:h2:tcp://127.0.0.1:1/orders;USER=sa;PASSWORD=s3cret;IFEXISTS=TRUE")
			.run(ctx -> failure[0] = ctx.getStartupFailure());
		FailureAnalysis a = new BackendConfigurationFailureAnalyzer().analyze(failure[0]);
		assertThat(a.getDescription()).contains("Cannot connect")
			.contains("jdbc:h2:tcp://127.0.0.1:1/orders;USER=sa;PASSWORD=")
			.doesNotContain("s3cret");
		assertNoMessageInTheChainContains(failure[0], "s3cret");
	}

	private static void assertNoMessageInTheChainContains(Throwable failure, String secret) {
		assertThat(failure).isNotNull();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass().getName()).doesNotContain(secret);
			assertThat(t.toString()).doesNotContain(secret);
		}
	}

}
