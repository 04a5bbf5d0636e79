package dev.workflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.history.StallRetried;

/**
 * Wakes stalled instances: a stalled run takes no turn until an event arrives, and the runtime
 * that has its version may already be running. Like Dapr, which retries stalled workflows when the
 * set of replicas changes, this sends every STALLED instance of a workflow this runtime registers a
 * {@link StallRetried} when the runtime starts (it may bring the missing version) and then every
 * {@link #PERIOD} (a replica without the version may have taken the last retry, or left since). An
 * instance that stalls again on a retry records nothing, so retries do not grow its history.
 */
final class StalledRetries {

	private static final Logger log = LoggerFactory.getLogger(StalledRetries.class);

	private static final int PAGE_SIZE = 100;

	/** How often a running runtime retries stalled instances. */
	static final Duration PERIOD = Duration.ofMinutes(1);

	private final WorkflowBackend backend;

	private final WorkflowRegistry registry;

	private final Clock clock;

	private ScheduledExecutorService timer;

	StalledRetries(WorkflowBackend backend, WorkflowRegistry registry, Clock clock) {
		this.backend = backend;
		this.registry = registry;
		this.clock = clock;
	}

	/**
	 * Retries at once, then every {@link #PERIOD} until {@link #stop()}, on a thread of its own so
	 * the start does not wait for the listing; the backend is started.
	 */
	synchronized void start() {
		this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "workflow-stalled-retries");
			t.setDaemon(true);
			return t;
		});
		this.timer.scheduleWithFixedDelay(() -> send(this.backend, this.registry, this.clock), 0, PERIOD.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	synchronized void stop() {
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
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
