package dev.workflow.backend;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.workflow.TraceContext;
import dev.workflow.history.EventRaised;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stored trace context (issue 17): histories and activity calls stored without it read back
 * with none, ones with it round-trip, and only W3C traceparents are accepted.
 */
class TraceContextJsonTest {

	private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void eventsStoredBeforeTracePropagationReadWithoutATraceContext() {
		HistoryEvent started = BackendJson.read("{\"type\":\"ExecutionStarted\",\"timestamp\":\"2026-01-01T00:00:00Z\","
				+ "\"name\":\"w\",\"instanceId\":\"i\",\"executionId\":\"e\",\"input\":null,\"parent\":null,"
				+ "\"scheduledStartTime\":null}", HistoryEvent.class);
		assertThat(((ExecutionStarted) started).traceParent()).isNull();
		assertThat(((ExecutionStarted) started).traceState()).isNull();
		HistoryEvent raised = BackendJson.read("{\"type\":\"EventRaised\",\"timestamp\":\"2026-01-01T00:00:00Z\","
				+ "\"name\":\"go\",\"input\":\"1\"}", HistoryEvent.class);
		assertThat(raised).isEqualTo(new EventRaised(Instant.parse("2026-01-01T00:00:00Z"), "go", "1"));
		ActivityRequest call = BackendJson.read("{\"instanceId\":\"i\",\"executionId\":\"e\",\"taskId\":2,"
				+ "\"name\":\"a\",\"input\":null}", ActivityRequest.class);
		assertThat(call).isEqualTo(new ActivityRequest("i", "e", 2, "a", null));
	}

	@Test
	void eventsWithATraceContextRoundTripAndOnesWithoutWriteNoTraceFields() {
		ExecutionStarted plain = new ExecutionStarted(Instant.EPOCH, "w", "i", "e", null, null, null);
		assertThat(BackendJson.write(plain)).doesNotContain("trace");
		ExecutionStarted traced = plain.withTrace(PARENT, "congo=t61rcWkgMzE");
		assertThat(BackendJson.read(BackendJson.write(traced), HistoryEvent.class)).isEqualTo(traced);
		EventRaised raised = new EventRaised(Instant.EPOCH, "go", null, PARENT, null);
		assertThat(BackendJson.write(raised)).contains("traceParent").doesNotContain("traceState");
		assertThat(BackendJson.read(BackendJson.write(raised), HistoryEvent.class)).isEqualTo(raised);
		ActivityRequest call = new ActivityRequest("i", "e", 1, "a", null, null, PARENT, "k=v");
		assertThat(BackendJson.read(BackendJson.write(call), ActivityRequest.class)).isEqualTo(call);
	}

	@Test
	void onlyW3cTraceParentsAreAccepted() {
		TraceContext context = new TraceContext(PARENT, " ");
		assertThat(context.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(context.traceState()).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceContext("b3-not-w3c", null))
			.withMessageContaining("traceparent");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TraceContext("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceContext(PARENT, "x".repeat(513)))
			.withMessageContaining("512");
		// stored values that are not valid mean no trace, never a failed workflow
		assertThat(TraceContext.ofNullable("garbage", "s")).isNull();
		assertThat(TraceContext.ofNullable(null, null)).isNull();
		assertThat(TraceContext.ofNullable(PARENT, "x".repeat(600))).isEqualTo(new TraceContext(PARENT, null));
	}

}
