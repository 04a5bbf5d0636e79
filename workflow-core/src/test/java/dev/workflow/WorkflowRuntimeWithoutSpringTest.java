package dev.workflow;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runtime as a plain Java user builds it: no Spring, default backend.
 */
class WorkflowRuntimeWithoutSpringTest {

	@Test
	void builderRegistersAndRunsOnTheDefaultActorsBackend() throws Exception {
		try (WorkflowRuntime runtime = WorkflowRuntime.builder()
			.registerWorkflow("greet", (ctx, name) -> ctx.callActivity("hello", name, String.class).await(), String.class)
			.registerActivity("hello", (ctx, name) -> "Hello, " + name + " (attempt " + ctx.getAttempt() + ")", String.class)
			.build()) {
			runtime.start();
			assertThat(runtime.isRunning()).isTrue();
			String id = runtime.client().scheduleNewWorkflow("greet", "world");
			WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(10), true);
			assertThat(s.readOutputAs(String.class)).isEqualTo("Hello, world (attempt 1)");
		}
	}

	@Test
	void builderClockReachesTheBackendItCreatesWhateverTheOrderOfTheCalls() throws Exception {
		java.time.Instant then = java.time.Instant.parse("2031-02-03T04:05:06Z");
		try (WorkflowRuntime runtime = WorkflowRuntime.builder()
			.backend("sqlite", java.util.Map.of("connection-string", ":memory:"))
			.clock(java.time.Clock.fixed(then, java.time.ZoneOffset.UTC))
			.registerWorkflow("now", (ctx, in) -> ctx.getCurrentInstant().toString(), String.class)
			.build()) {
			runtime.start();
			String id = runtime.client().scheduleNewWorkflow("now", "x");
			WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(10), true);
			assertThat(s.readOutputAs(String.class)).isEqualTo(then.toString());
			// stamped by the backend, with the builder's clock
			assertThat(s.getLastUpdatedAt()).isEqualTo(then);
		}
	}

	@Test
	void duplicateNamesFailNamingBothDeclarations() {
		assertThatThrownBy(() -> WorkflowRuntime.builder()
			.registerActivity("a", (ctx, in) -> in, String.class)
			.registerActivity("a", (ctx, in) -> in, String.class))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("Duplicate activity name 'a'")
			.hasMessageContaining("registerActivity(\"a\")");
	}

	@Test
	void unknownBackendTypeListsTheValidOnes() {
		assertThatThrownBy(() -> WorkflowRuntime.builder().backend("cassandra", java.util.Map.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'cassandra'")
			.hasMessageContaining("actors");
	}

	@Test
	void unknownBackendKeyAndMalformedDurationAreRejected() {
		assertThatThrownBy(() -> WorkflowRuntime.builder().backend("actors", java.util.Map.of("colour", "red")))
			.hasMessageContaining("Unknown key 'colour'")
			.hasMessageContaining("state-store");
		assertThatThrownBy(
				() -> WorkflowRuntime.builder().backend("actors", java.util.Map.of("orchestrationLockTimeout", "soon")))
			.hasMessageContaining("Invalid duration 'soon'");
	}

}
