package dev.workflow.engine;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.history.StallRetried;

/**
 * Wakes stalled instances when a runtime starts: a runtime that starts may bring the workflow
 * version a stalled run needs (a rollout finished, a version put back), and a stalled run takes no
 * turn until an event arrives. Like Dapr, which retries stalled workflows when a new replica
 * connects, it sends every STALLED instance of a workflow this runtime registers a
 * {@link StallRetried}; an instance whose version is still missing stalls again.
 */
final class StalledRetries {

	private static final Logger log = LoggerFactory.getLogger(StalledRetries.class);

	private static final int PAGE_SIZE = 100;

	private StalledRetries() {
	}

	/**
	 * Sends the retries. Never throws: a failure is logged, the instances still go on at their
	 * next event.
	 * @param backend the started backend
	 * @param registry the workflows of this runtime
	 * @param clock the clock for the event's timestamp
	 */
	static void send(WorkflowBackend backend, WorkflowRegistry registry, Clock clock) {
		try {
			String token = null;
			int sent = 0;
			do {
				InstancePage page = backend.listInstances(new WorkflowQuery().setRuntimeStatus(WorkflowRuntimeStatus.STALLED)
					.setPageSize(PAGE_SIZE)
					.setContinuationToken(token));
				for (InstanceMetadata instance : page.instances()) {
					if (instance.name() != null && !registry.versions(instance.name()).isEmpty()) {
						backend.addEvent(instance.instanceId(), new StallRetried(clock.instant()));
						sent++;
					}
				}
				token = page.continuationToken();
			}
			while (token != null);
			if (sent > 0) {
				log.info("Asked {} stalled workflow instance(s) to retry with the versions registered here", sent);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not retry stalled workflow instances; they go on at their next event: {}", ex.toString());
		}
	}

}
