package dev.workflow.backend;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.workflow.FailureDetails;
import dev.workflow.history.EventSent;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskFailed;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Histories stored before the Dapr API additions read back: a child's parent without a workflow
 * name, failure details without inner failure and non-retriable flag; and the new EventSent
 * round-trips.
 */
class HistoryJsonCompatTest {

	@Test
	void aParentRecordedWithoutANameReadsWithNone() {
		HistoryEvent e = BackendJson.read("{\"type\":\"ExecutionStarted\",\"timestamp\":\"2026-01-01T00:00:00Z\","
				+ "\"name\":\"kid\",\"instanceId\":\"c\",\"executionId\":\"e2\",\"input\":null,"
				+ "\"parent\":{\"instanceId\":\"p\",\"executionId\":\"e1\",\"taskId\":3},\"scheduledStartTime\":null}",
				HistoryEvent.class);
		ExecutionStarted.ParentInstance parent = ((ExecutionStarted) e).parent();
		assertThat(parent).isEqualTo(new ExecutionStarted.ParentInstance("p", "e1", 3));
		assertThat(parent.name()).isNull();
		ExecutionStarted named = new ExecutionStarted(Instant.EPOCH, "kid", "c", "e2", null,
				new ExecutionStarted.ParentInstance("p", "e1", 3, "order"), null);
		assertThat(BackendJson.read(BackendJson.write(named), HistoryEvent.class)).isEqualTo(named);
	}

	@Test
	void aFailureRecordedBeforeInnerFailuresReadsAsRetriableWithoutCause() {
		HistoryEvent e = BackendJson.read("{\"type\":\"TaskFailed\",\"timestamp\":\"2026-01-01T00:00:00Z\","
				+ "\"taskScheduledId\":0,\"failure\":{\"errorType\":\"java.lang.IllegalStateException\","
				+ "\"errorMessage\":\"m\",\"stackTrace\":\"t\"}}", HistoryEvent.class);
		FailureDetails failure = ((TaskFailed) e).failure();
		assertThat(failure.getInnerFailure()).isNull();
		assertThat(failure.isNonRetriable()).isFalse();
		assertThat(failure.isCausedBy(RuntimeException.class)).isTrue();
	}

	@Test
	void eventSentRoundTrips() {
		EventSent sent = new EventSent(Instant.parse("2026-01-01T00:00:00Z"), 4, "other", "ping", "\"x\"");
		String json = BackendJson.write(sent);
		assertThat(json).contains("\"type\":\"EventSent\"");
		assertThat(BackendJson.read(json, HistoryEvent.class)).isEqualTo(sent);
	}

}
