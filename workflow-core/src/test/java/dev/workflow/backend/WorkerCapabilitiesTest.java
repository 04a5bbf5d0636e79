package dev.workflow.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** Who takes which work: the rules every backend's claims follow. */
class WorkerCapabilitiesTest {

	private final WorkerCapabilities orders = new WorkerCapabilities("orders", Set.of("order"), Set.of("reserve"));

	private final WorkerCapabilities noApp = new WorkerCapabilities(null, Set.of("order"), Set.of("reserve"));

	@Test
	void workerWithAppIdTakesAllOfItsOwnAndUnnamedWorkOfItsRegisteredNames() {
		assertThat(this.orders.canRunActivity("orders", "reserve")).isTrue();
		assertThat(this.orders.canRunActivity(null, "reserve")).isTrue();
		assertThat(this.orders.canRunActivity("billing", "reserve")).isFalse();
		assertThat(this.orders.canRunActivity(null, "charge")).as("not registered: left for an app that is").isFalse();
		assertThat(this.orders.canRunWorkflow(null, "order")).isTrue();
		assertThat(this.orders.canRunWorkflow("billing", "order")).isFalse();
		assertThat(this.orders.canRunWorkflow("orders", "invoice")).as("sent to this app: fails here, visibly").isTrue();
		assertThat(this.orders.canRunActivity("orders", "charge")).as("sent to this app: fails here, visibly").isTrue();
	}

	@Test
	void workerWithoutAppIdTakesAllUnnamedWorkSoUnknownNamesStillFail() {
		assertThat(this.noApp.canRunActivity(null, "charge")).isTrue();
		assertThat(this.noApp.canRunWorkflow(null, "anything")).isTrue();
		assertThat(this.noApp.canRunActivity("billing", "reserve")).as("named for an app: waits for it").isFalse();
	}

	@Test
	void anyTakesEverything() {
		assertThat(WorkerCapabilities.ANY.takesAll()).isTrue();
		assertThat(WorkerCapabilities.ANY.canRunActivity("billing", "charge")).isTrue();
		assertThat(WorkerCapabilities.ANY.canRunWorkflow(null, "order")).isTrue();
		assertThat(this.orders.takesAll()).isFalse();
		assertThat(this.noApp.takesAll()).isFalse();
	}

}
