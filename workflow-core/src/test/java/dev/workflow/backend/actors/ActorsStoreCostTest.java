package dev.workflow.backend.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * What the actors backend writes and reads as instances carry large payloads: a save writes what
 * changed (a turn that changes only status or history does not rewrite the input), and a listing
 * without payloads reads only the small metadata records. Counted on the bytes that pass through
 * the state store's interface, around the real memory store.
 */
@Timeout(120)
class ActorsStoreCostTest {

	/** The memory store, counting the bytes of values saved and scanned. */
	static final class CountingStore implements ActorStateStore {

		final MemoryActorStateStore delegate = new MemoryActorStateStore();

		final AtomicLong savedBytes = new AtomicLong();

		final AtomicLong scannedBytes = new AtomicLong();

		@Override
		public ActorState load(String actorType, String actorId) {
			return this.delegate.load(actorType, actorId);
		}

		@Override
		public String get(String actorType, String actorId, String key) {
			return this.delegate.get(actorType, actorId, key);
		}

		@Override
		public Map<String, String> get(String actorType, String actorId, Collection<String> keys) {
			return this.delegate.get(actorType, actorId, keys);
		}

		@Override
		public String save(String actorType, String actorId, String expectedEtag, Changes changes) {
			if (actorType.equals(WorkflowActor.TYPE)) {
				changes.upserts().values().forEach(v -> this.savedBytes.addAndGet(v.length()));
			}
			return this.delegate.save(actorType, actorId, expectedEtag, changes);
		}

		@Override
		public Map<String, String> scan(String actorType, String key, Collection<Integer> partitions) {
			Map<String, String> out = this.delegate.scan(actorType, key, partitions);
			out.values().forEach(v -> this.scannedBytes.addAndGet(v.length()));
			return out;
		}

		@Override
		public List<Reminder> loadReminders(Collection<Integer> partitions, Instant dueBefore) {
			return this.delegate.loadReminders(partitions, dueBefore);
		}

		@Override
		public List<Reminder> remindersOf(String actorType, String actorId) {
			return this.delegate.remindersOf(actorType, actorId);
		}

		@Override
		public void addReminders(List<Reminder> reminders) {
			this.delegate.addReminders(reminders);
		}

		@Override
		public void deleteReminder(String reminderId) {
			this.delegate.deleteReminder(reminderId);
		}

		@Override
		public boolean isDurable() {
			return false;
		}

	}

	private static WorkflowRuntime runtime(CountingStore store) {
		return WorkflowRuntime.builder()
			.backend(new ActorsWorkflowBackend(store, Duration.ofMinutes(1), Duration.ofMinutes(1), Clock.systemUTC()))
			.maxPayloadSize(4 * 1024 * 1024)
			// activities through the activity workers: each result is its own save and each step its own turn
			.inlineActivities(false)
			.registerActivity("step", (ctx, n) -> n + 1, Integer.class)
			.registerWorkflow("steps", (ctx, in) -> {
				int n = 0;
				for (int i = 0; i < 3; i++) {
					ctx.setCustomStatus("step " + i);
					n = ctx.callActivity("step", n, Integer.class).await();
				}
				return n;
			}, String.class)
			.registerWorkflow("wait", (ctx, in) -> ctx.waitForExternalEvent("go", String.class).await(), String.class)
			.build();
	}

	@Test
	void turnsThatChangeOnlyStatusAndHistoryDoNotRewriteTheInput() throws Exception {
		CountingStore store = new CountingStore();
		int size = 1024 * 1024;
		try (WorkflowRuntime runtime = runtime(store)) {
			runtime.start();
			String id = runtime.client().scheduleNewWorkflow("steps", "x".repeat(size - 2), "big-input");
			WorkflowInstanceStatus s = runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(60), true);
			assertThat(s.getRuntimeStatus()).isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			assertThat(s.readOutputAs(Integer.class)).isEqualTo(3);
			assertThat(s.readInputAs(String.class)).hasSize(size - 2);
			assertThat(s.readCustomStatusAs(String.class)).isEqualTo("step 2");
		}
		// the input is written where it must be: the start event in the inbox, in history, and the
		// input itself; the other eight saves (three results in, four turns) write kilobytes
		assertThat(store.savedBytes.get()).as("bytes saved for the instance").isLessThan(3L * size + 64 * 1024);
	}

	@Test
	void listingWithoutPayloadsReadsOnlyTheSmallMetadata() throws Exception {
		CountingStore store = new CountingStore();
		int count = 30;
		int size = 20 * 1024;
		try (WorkflowRuntime runtime = runtime(store)) {
			runtime.start();
			for (int i = 0; i < count; i++) {
				runtime.client().scheduleNewWorkflow("wait", "y".repeat(size - 2), "list-" + i);
			}
			store.scannedBytes.set(0);
			WorkflowQueryResult page = runtime.client().listInstances(new WorkflowQuery().setPageSize(1));
			assertThat(page.getWorkflowInstances()).hasSize(1);
			assertThat(store.scannedBytes.get()).as("bytes read by a listing without payloads")
				.isLessThan((long) count * 2 * 1024);
			// with payloads, the page's own payloads are read and returned
			WorkflowQueryResult full = runtime.client()
				.listInstances(new WorkflowQuery().setPageSize(2).setFetchInputsAndOutputs(true));
			assertThat(full.getWorkflowInstances()).hasSize(2)
				.allSatisfy(s -> assertThat(s.readInputAs(String.class)).hasSize(size - 2));
		}
	}

}
