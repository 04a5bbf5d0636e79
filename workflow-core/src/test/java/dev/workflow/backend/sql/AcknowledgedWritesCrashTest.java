package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every acknowledged write survives SIGKILL: a child JVM schedules 50 instances and then raises an
 * event to each, printing each id right after the call returns; the test kills it with SIGKILL as
 * soon as it reads a given acknowledgement (one round in the middle of the schedules, one in the
 * middle of the events). A new runtime on the same storage must find every acknowledged instance,
 * and every acknowledged event must complete its instance with the event's payload; instances
 * whose event was not acknowledged complete after the event is raised again.
 */
@Timeout(600)
class AcknowledgedWritesCrashTest {

	private static final int COUNT = 50;

	@ParameterizedTest
	@EnumSource(DurableStorage.Kind.class)
	void everyAcknowledgedScheduleAndEventSurvivesSigkill(DurableStorage.Kind kind) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		// kill right after the 20th schedule returned, and right after the 10th event returned
		crashAndCheck(kind, run + "-s", "S", 20);
		crashAndCheck(kind, run + "-e", "E", 10);
	}

	private void crashAndCheck(DurableStorage.Kind kind, String run, String killAfterKind, int killAfterIndex)
			throws Exception {
		Path dir = Path.of("target", "durability", "acks-" + kind.name().toLowerCase() + "-" + run);
		DurableStorage.Store store = DurableStorage.fresh(kind, dir, "dack_" + run.replace('-', '_') + "_");
		String prefix = "ack-" + run + "-";
		Path log = dir.resolve("child.log");
		Process child = ChildJvm.start(DurabilityChild.class, log, store.config(), "acks", store.type(), prefix,
				Integer.toString(COUNT));
		String killLine = killAfterKind + " " + prefix + killAfterIndex;
		try {
			DurableStorage.awaitLine(child, log, killLine::equals, l -> false, Duration.ofSeconds(120));
		}
		finally {
			DurableStorage.kill(child);
		}
		Set<String> scheduled = new LinkedHashSet<>();
		Set<String> raised = new LinkedHashSet<>();
		for (String line : DurableStorage.lines(log)) {
			if (line.startsWith("S " + prefix)) {
				scheduled.add(line.substring(2));
			}
			else if (line.startsWith("E " + prefix)) {
				raised.add(line.substring(2));
			}
		}
		assertThat(scheduled).as("acknowledged schedules before the kill").hasSizeGreaterThan(killAfterKind.equals("S") ? killAfterIndex : COUNT - 1);
		try (WorkflowRuntime runtime = DurabilityChild.runtime(store.type(), store.config())) {
			runtime.start();
			WorkflowClient client = runtime.client();
			List<String> lost = new ArrayList<>();
			for (String id : scheduled) {
				if (client.getInstanceState(id, false) == null) {
					lost.add(id);
				}
			}
			assertThat(lost).as("instances whose scheduleNewWorkflow returned before the SIGKILL, on %s", kind).isEmpty();
			List<String> lostEvents = new ArrayList<>();
			for (String id : raised) {
				WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, Duration.ofSeconds(60), true);
				if (s.getRuntimeStatus() != WorkflowRuntimeStatus.COMPLETED || !("p-" + id).equals(s.readOutputAs(String.class))) {
					lostEvents.add(id + " " + s.getRuntimeStatus());
				}
			}
			assertThat(lostEvents).as("instances whose raiseEvent returned before the SIGKILL, on %s", kind).isEmpty();
			for (String id : scheduled) {
				if (!raised.contains(id)) {
					client.raiseEvent(id, "go", "late-" + id);
				}
			}
			for (String id : scheduled) {
				WorkflowInstanceStatus s = client.waitForInstanceCompletion(id, Duration.ofSeconds(60), true);
				assertThat(s.getRuntimeStatus()).as("instance %s", id).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			}
		}
	}

}
