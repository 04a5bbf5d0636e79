package dev.workflow.spring.boot.autoconfigure.ui;

import org.junit.jupiter.api.Test;

import dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the dashboard starts, and when it refuses to: off by default, only in servlet web apps,
 * secured by Spring Security when present, and without it only when allowed on loopback.
 */
class WorkflowUiAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(WorkflowAutoConfiguration.class, WorkflowUiAutoConfiguration.class));

	private final WebApplicationContextRunner withoutSecurity = this.runner
		.withClassLoader(new FilteredClassLoader("org.springframework.security"));

	@Test
	void offUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(WorkflowUiController.class)
			.doesNotHaveBean(WorkflowUiMetrics.class));
	}

	@Test
	void notInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class, WorkflowUiAutoConfiguration.class))
			.withPropertyValues("dapr.workflow.ui.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkflowUiController.class));
	}

	@Test
	void withSpringSecurityItUsesTheSignedInUser() {
		this.runner.withPropertyValues("dapr.workflow.ui.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(WorkflowUiController.class);
			assertThat(context.getBean(UiAccess.class)).isInstanceOf(SpringSecurityUiAccess.class);
			assertThat(context).hasSingleBean(WorkflowUiHandlerMapping.class);
		});
	}

	@Test
	void withoutSpringSecurityItRefusesToStart() {
		this.withoutSecurity.withPropertyValues("dapr.workflow.ui.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			WorkflowUiUnsecuredException ex = rootCause(context.getStartupFailure());
			assertThat(ex.isAllowUnsecured()).isFalse();
			FailureAnalysis analysis = new WorkflowUiFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Spring Security is not on the class path");
			assertThat(analysis.getAction()).contains("spring-boot-starter-security")
				.contains("dapr.workflow.ui.allow-unsecured=true")
				.contains("server.address=127.0.0.1");
		});
	}

	@Test
	void allowedUnsecuredStillRefusesWhenNotOnLoopback() {
		this.withoutSecurity
			.withPropertyValues("dapr.workflow.ui.enabled=true", "dapr.workflow.ui.allow-unsecured=true",
					"server.address=0.0.0.0")
			.run((context) -> {
				assertThat(context).hasFailed();
				WorkflowUiUnsecuredException ex = rootCause(context.getStartupFailure());
				assertThat(ex.isAllowUnsecured()).isTrue();
				assertThat(ex.getServerAddress()).isEqualTo("0.0.0.0");
				assertThat(new WorkflowUiFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
					.contains("'0.0.0.0', which is not a loopback address");
			});
		this.withoutSecurity.withPropertyValues("dapr.workflow.ui.enabled=true", "dapr.workflow.ui.allow-unsecured=true")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getServerAddress()).isNull());
	}

	@Test
	void allowedUnsecuredStartsOnLoopback() {
		this.withoutSecurity
			.withPropertyValues("dapr.workflow.ui.enabled=true", "dapr.workflow.ui.allow-unsecured=true",
					"server.address=127.0.0.1")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WorkflowUiController.class);
				assertThat(context.getBean(UiAccess.class)).isInstanceOf(UiAccess.Unsecured.class);
			});
	}

	@Test
	void aBadPathFailsWithWhatIsAllowed() {
		this.runner.withPropertyValues("dapr.workflow.ui.enabled=true", "dapr.workflow.ui.path=workflows/")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(IllegalArgumentException.class)
					.hasMessageContaining("dapr.workflow.ui.path must be a path such as /workflows-ui");
			});
	}

	private static WorkflowUiUnsecuredException rootCause(Throwable failure) {
		Throwable t = failure;
		while (t != null && !(t instanceof WorkflowUiUnsecuredException)) {
			t = t.getCause();
		}
		assertThat(t).as("a WorkflowUiUnsecuredException in " + failure).isNotNull();
		return (WorkflowUiUnsecuredException) t;
	}

}
