package dev.workflow.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.workflow.history.ChildWorkflowCreated;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskScheduled;

/**
 * The app id fields are optional in stored JSON: histories and calls stored before multi-app
 * support read back with no app id, and events without one are stored as before.
 */
class AppIdJsonTest {

	@Test
	void eventsStoredBeforeAppIdsReadWithNone() {
		HistoryEvent scheduled = BackendJson.read(
				"{\"type\":\"TaskScheduled\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"eventId\":3,\"name\":\"charge\",\"input\":\"1\"}",
				HistoryEvent.class);
		assertThat(scheduled).isEqualTo(new TaskScheduled(Instant.parse("2026-01-01T00:00:00Z"), 3, "charge", "1"));
		assertThat(((TaskScheduled) scheduled).appId()).isNull();
		HistoryEvent started = BackendJson.read("{\"type\":\"ExecutionStarted\",\"timestamp\":\"2026-01-01T00:00:00Z\","
				+ "\"name\":\"order\",\"instanceId\":\"i1\",\"executionId\":\"e1\"}", HistoryEvent.class);
		assertThat(((ExecutionStarted) started).appId()).isNull();
		ActivityRequest request = BackendJson.read(
				"{\"instanceId\":\"i1\",\"executionId\":\"e1\",\"taskId\":3,\"name\":\"charge\"}", ActivityRequest.class);
		assertThat(request.appId()).isNull();
	}

	@Test
	void appIdsRoundTripAndAreLeftOutWhenNull() {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		ChildWorkflowCreated child = new ChildWorkflowCreated(now, 1, "invoice", "c1", null, "billing");
		assertThat(BackendJson.read(BackendJson.write(child), HistoryEvent.class)).isEqualTo(child);
		ActivityRequest request = new ActivityRequest("i1", "e1", 3, "charge", "1", "billing");
		assertThat(BackendJson.read(BackendJson.write(request), ActivityRequest.class)).isEqualTo(request);
		assertThat(BackendJson.write(new TaskScheduled(now, 3, "charge", "1"))).doesNotContain("appId");
		assertThat(BackendJson.write(new ActivityRequest("i1", "e1", 3, "charge", "1"))).doesNotContain("appId");
	}

}
