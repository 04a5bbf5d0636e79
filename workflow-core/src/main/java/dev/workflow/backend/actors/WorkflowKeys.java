package dev.workflow.backend.actors;

import java.util.List;
import java.util.Map;

import dev.workflow.backend.BackendJson;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * The state keys of a workflow actor: {@code meta} (a small record: instance metadata without
 * payloads, and counters), the payloads under {@code input}, {@code output} and
 * {@code custom-status} (each written only when it changes, so a turn that moves only status or
 * history does not rewrite a large input, and listings read only the small records), history
 * events under {@code h<n>} and inbox events under {@code i<n>}.
 */
final class WorkflowKeys {

	static final String META = "meta";

	static final String INPUT = "input";

	static final String OUTPUT = "output";

	static final String CUSTOM_STATUS = "custom-status";

	/** The instance's app id, stored only for an instance that has one: it chooses the partition range. */
	static final String APP = "app";

	/** The keys of an instance's metadata and payloads, what a status read needs. */
	static final List<String> STATUS_KEYS = List.of(META, INPUT, OUTPUT, CUSTOM_STATUS);

	private WorkflowKeys() {
	}

	static String history(long index) {
		return "h" + index;
	}

	static String inbox(long index) {
		return "i" + index;
	}

	/**
	 * The instance metadata from its stored keys, or null if there is no instance.
	 * @param values the stored values of (at least) {@link #STATUS_KEYS}
	 */
	static WorkflowActor.Meta readMeta(Map<String, String> values) {
		WorkflowActor.Meta meta = BackendJson.read(values.get(META), WorkflowActor.Meta.class);
		if (meta == null) {
			return null;
		}
		InstanceMetadata m = meta.instance();
		// a record stored before payloads had keys of their own carries them inline
		InstanceMetadata full = new InstanceMetadata(m.instanceId(), m.name(), m.executionId(), m.status(),
				m.createdAt(), m.lastUpdatedAt(), or(values.get(INPUT), m.input()), or(values.get(OUTPUT), m.output()),
				or(values.get(CUSTOM_STATUS), m.customStatus()), m.failure(), m.parentInstanceId());
		return new WorkflowActor.Meta(full, meta.historyLength(), meta.inboxHead(), meta.inboxTail());
	}

	/**
	 * Whether a worker may take a workflow work item: judged by the run's first event (in the
	 * history, or among the new events for a run that has not started), which names the workflow
	 * and the app. An item without one is taken, so that whatever is wrong with it surfaces.
	 */
	static boolean runnableBy(WorkflowWorkItem item, WorkerCapabilities capabilities) {
		ExecutionStarted started = started(item);
		return started == null || capabilities.canRunWorkflow(started.appId(), started.name());
	}

	/** The workflow name of a work item's run, or null if it has no first event. */
	static String nameOf(WorkflowWorkItem item) {
		ExecutionStarted started = started(item);
		return started == null ? null : started.name();
	}

	/** The app id of a work item's run, or null. */
	static String appIdOf(WorkflowWorkItem item) {
		ExecutionStarted started = started(item);
		return started == null ? null : started.appId();
	}

	private static ExecutionStarted started(WorkflowWorkItem item) {
		ExecutionStarted started = firstStarted(item.history());
		return started != null ? started : firstStarted(item.newEvents());
	}

	private static ExecutionStarted firstStarted(List<HistoryEvent> events) {
		for (HistoryEvent e : events) {
			if (e instanceof ExecutionStarted s) {
				return s;
			}
		}
		return null;
	}

	private static String or(String value, String fallback) {
		return value != null ? value : fallback;
	}

}
