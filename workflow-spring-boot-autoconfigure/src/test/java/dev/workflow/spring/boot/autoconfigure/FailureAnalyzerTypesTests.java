package dev.workflow.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workflow.Activity;
import dev.workflow.DuplicateRegistrationException;
import dev.workflow.UnsupportedSignatureException;
import dev.workflow.Workflow;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowDefinitionException;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.UnknownBackendTypeException;
import dev.workflow.backend.UnknownConfigurationKeyException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure analyzers choose their advice by the exception's type, found in the cause chain,
 * never by its message text (issue 17).
 */
class FailureAnalyzerTypesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class));

	static class First {

		@Workflow(name = "twice")
		public String one(WorkflowContext ctx) {
			return "1";
		}

	}

	static class Second {

		@Workflow(name = "twice")
		public String two(WorkflowContext ctx) {
			return "2";
		}

	}

	static class BadActivity {

		@Activity
		public String bad(String a, String b) {
			return a + b;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Duplicates {

		@Bean
		First first() {
			return new First();
		}

		@Bean
		Second second() {
			return new Second();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadSignature {

		@Bean
		BadActivity badActivity() {
			return new BadActivity();
		}

	}

	private Throwable startupFailure(Class<?> configuration, String... properties) {
		Throwable[] failure = new Throwable[1];
		this.runner.withUserConfiguration(configuration)
			.withPropertyValues(properties)
			.run(ctx -> failure[0] = ctx.getStartupFailure());
		assertThat(failure[0]).isNotNull();
		return failure[0];
	}

	@Test
	void duplicateWorkflowsFailWithTheDuplicateTypeAndTheRenameAdvice() {
		Throwable failure = startupFailure(Duplicates.class);
		FailureAnalysis a = new WorkflowDefinitionFailureAnalyzer().analyze(failure);
		assertThat(a).isNotNull();
		assertThat(a.getCause()).isInstanceOf(DuplicateRegistrationException.class);
		assertThat(a.getDescription()).contains("'twice'").contains("one").contains("two");
		assertThat(a.getAction()).contains("unique name");
	}

	@Test
	void anUnsupportedSignatureFailsWithItsTypeAndTheSignatureAdvice() {
		Throwable failure = startupFailure(BadSignature.class);
		FailureAnalysis a = new WorkflowDefinitionFailureAnalyzer().analyze(failure);
		assertThat(a.getCause()).isInstanceOf(UnsupportedSignatureException.class);
		assertThat(a.getAction()).contains("(ActivityContext, I)").doesNotContain("unique name");
	}

	@Test
	void adviceFollowsTheTypeNotTheMessageText() {
		// a message that reads like a duplicate, on the base type: no rename advice
		FailureAnalysis a = new WorkflowDefinitionFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", new WorkflowDefinitionException("Duplicate-looking text")));
		assertThat(a.getAction()).doesNotContain("unique name").contains("latest = true");
		// the duplicate type with a message that says nothing of duplicates, deep in the cause chain
		FailureAnalysis b = new WorkflowDefinitionFailureAnalyzer().analyze(new RuntimeException("outer",
				new IllegalStateException("middle", new DuplicateRegistrationException("name 'x' is taken"))));
		assertThat(b.getAction()).contains("unique name");
		// a backend configuration message that starts like an unknown key, on the base type
		FailureAnalysis c = new BackendConfigurationFailureAnalyzer()
			.analyze(new BackendConfigurationException("Unknown key 'x' in the message only", "x", java.util.List.of()));
		assertThat(c.getAction()).doesNotContain("valid keys under");
		FailureAnalysis d = new BackendConfigurationFailureAnalyzer()
			.analyze(new RuntimeException(new UnknownConfigurationKeyException("conection", "sqlite",
					java.util.List.of("connection-string"))));
		assertThat(d.getAction()).contains("valid keys under").contains("connection-string");
	}

	@Test
	void unknownTypeAndUnknownKeyAtStartupCarryTheirTypes() {
		Throwable type = startupFailure(Object.class, "dapr.workflow.backend-type=cassandra");
		FailureAnalysis a = new BackendConfigurationFailureAnalyzer().analyze(type);
		assertThat(a.getCause()).isInstanceOf(UnknownBackendTypeException.class);
		assertThat(((UnknownBackendTypeException) a.getCause()).getValidValues()).contains("actors", "sqlite", "jdbc");
		Throwable key = startupFailure(Object.class, "dapr.workflow.backend-type=sqlite",
				"dapr.workflow.backend-configuration.conection-string=x.db");
		FailureAnalysis b = new BackendConfigurationFailureAnalyzer().analyze(key);
		assertThat(b.getCause()).isInstanceOf(UnknownConfigurationKeyException.class);
		assertThat(((UnknownConfigurationKeyException) b.getCause()).getKey()).isEqualTo("conection-string");
	}

}
