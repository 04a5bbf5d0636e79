package dev.workflow.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The scopes that split one app's work between its own workers ({@code REGISTERED}) and workers
 * outside it ({@code UNREGISTERED}): together they take each item exactly once.
 */
class WorkerCapabilitiesScopeTest {

	private final WorkerCapabilities own = new WorkerCapabilities("shop", Set.of("order"), Set.of("charge"),
			WorkerCapabilities.Scope.REGISTERED);

	private final WorkerCapabilities outside = this.own.withScope(WorkerCapabilities.Scope.UNREGISTERED);

	@Test
	void registeredNamesOfTheAppOrNoAppGoToTheAppsOwnWorkers() {
		for (String app : new String[] { "shop", null }) {
			assertThat(this.own.canRunWorkflow(app, "order")).isTrue();
			assertThat(this.outside.canRunWorkflow(app, "order")).isFalse();
			assertThat(this.own.canRunActivity(app, "charge")).isTrue();
			assertThat(this.outside.canRunActivity(app, "charge")).isFalse();
		}
	}

	@Test
	void otherNamesOfTheAppOrNoAppGoToTheOutsideWorkers() {
		for (String app : new String[] { "shop", null }) {
			assertThat(this.own.canRunWorkflow(app, "python-flow")).isFalse();
			assertThat(this.outside.canRunWorkflow(app, "python-flow")).isTrue();
			assertThat(this.own.canRunActivity(app, "python-task")).isFalse();
			assertThat(this.outside.canRunActivity(app, "python-task")).isTrue();
		}
	}

	@Test
	void anotherAppsWorkGoesToNeither() {
		assertThat(this.own.canRunWorkflow("billing", "order")).isFalse();
		assertThat(this.outside.canRunWorkflow("billing", "python-flow")).isFalse();
	}

	@Test
	void withoutAnAppIdOnlyWorkThatNamesNoAppIsTaken() {
		WorkerCapabilities noApp = new WorkerCapabilities(null, Set.of(), Set.of(), WorkerCapabilities.Scope.UNREGISTERED);
		assertThat(noApp.canRunWorkflow(null, "anything")).isTrue();
		assertThat(noApp.canRunWorkflow("shop", "anything")).isFalse();
		assertThat(new WorkerCapabilities(null, Set.of(), Set.of(), WorkerCapabilities.Scope.REGISTERED)
			.canRunWorkflow(null, "anything")).isFalse();
	}

	@Test
	void theThreeArgumentConstructorKeepsTheAppScope() {
		assertThat(new WorkerCapabilities("shop", Set.of(), Set.of()).scope()).isEqualTo(WorkerCapabilities.Scope.APP);
	}

}
