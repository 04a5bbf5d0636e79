package dev.workflow;

import java.time.Duration;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random instance ids, event names and payloads from a hostile client: each call is either
 * accepted and round-trips exactly, or rejected with IllegalArgumentException, never another
 * error and never a half-written instance.
 */
class HostileClientInputProperties {

	private static WorkflowRuntime runtime;

	@BeforeContainer
	static void start() {
		runtime = WorkflowRuntime.builder()
			.maxPayloadSize(4096)
			.registerWorkflow("echo", (ctx, in) -> in, Object.class)
			.registerWorkflow("waitFor", (ctx, name) -> ctx.waitForExternalEvent(name, Object.class).await(), String.class)
			.build();
		runtime.start();
	}

	@AfterContainer
	static void stop() {
		runtime.close();
	}

	@Provide
	Arbitrary<String> ids() {
		return Arbitraries.oneOf(Arbitraries.strings().withCharRange('!', '~').ofMinLength(0).ofMaxLength(80),
				Arbitraries.strings().all().ofMaxLength(70),
				Arbitraries.strings().withChars("abcXYZ019_:.-").ofMinLength(1).ofMaxLength(64));
	}

	@Provide
	Arbitrary<Object> payloads() {
		Arbitrary<Object> scalars = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(3000).map(s -> (Object) s),
				Arbitraries.integers().map(i -> (Object) i), Arbitraries.doubles().map(d -> (Object) d),
				Arbitraries.just(null));
		return Arbitraries.oneOf(scalars, Arbitraries.maps(Arbitraries.strings().ofMaxLength(20), scalars)
			.ofMaxSize(5)
			.map(m -> (Object) m));
	}

	@Property(tries = 300)
	void scheduleAcceptsOrRejectsCleanly(@ForAll("ids") String id, @ForAll("payloads") Object payload) throws Exception {
		String scheduled;
		try {
			scheduled = runtime.client().scheduleNewWorkflow("echo", new NewWorkflowOptions().setInstanceId(id)
				.setInput(payload)
				.setReusePolicy(NewWorkflowOptions.ReusePolicy.TERMINATE));
		}
		catch (IllegalArgumentException rejected) {
			assertThat(rejected.getMessage()).containsAnyOf("instance id", "size limit");
			assertThat(runtime.backend().getInstance(id)).as("nothing written for a rejected call").satisfiesAnyOf(
					s -> assertThat(s).isNull(),
					s -> assertThat(s.lastUpdatedAt()).isBefore(java.time.Instant.now().minusMillis(1)));
			return;
		}
		WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(scheduled, Duration.ofSeconds(10), true);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(Object.class)).isEqualTo(roundTrip(payload));
	}

	@Property(tries = 200)
	void raisedEventsAreDeliveredExactlyOrRejected(@ForAll("ids") String eventName, @ForAll("payloads") Object payload)
			throws Exception {
		String id = runtime.client().scheduleNewWorkflow("waitFor", eventName);
		try {
			runtime.client().raiseEvent(id, eventName, payload);
		}
		catch (IllegalArgumentException rejected) {
			assertThat(rejected.getMessage()).containsAnyOf("event name", "size limit");
			runtime.client().terminateWorkflow(id, null);
			// the workflow waits on the same name, which its own call refuses by the same rule
			WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(10), false);
			assertThat(s.getRuntimeStatus()).isIn(WorkflowRuntimeStatus.TERMINATED, WorkflowRuntimeStatus.FAILED);
			if (s.getRuntimeStatus() == WorkflowRuntimeStatus.FAILED) {
				assertThat(s.getFailureDetails().getErrorMessage()).contains("event name");
			}
			return;
		}
		WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(10), true);
		assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
		assertThat(s.readOutputAs(Object.class)).isEqualTo(roundTrip(payload));
	}

	private static Object roundTrip(Object payload) {
		DataConverter c = new JacksonDataConverter();
		return c.deserialize(c.serialize(payload), Object.class);
	}

}
