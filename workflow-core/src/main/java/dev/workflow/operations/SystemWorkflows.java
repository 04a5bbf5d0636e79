package dev.workflow.operations;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.DataConverter;
import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowRetention;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowSchedules;

/**
 * The system workflows of a runtime: registers the schedule and retention workflows and their
 * activities, and when the runtime starts, creates or updates the retention instance and the
 * declared schedules. Used by {@link WorkflowRuntime}; not meant to be called by applications.
 */
public final class SystemWorkflows {

	private static final Logger log = LoggerFactory.getLogger(SystemWorkflows.class);

	private final WorkflowRuntime runtime;

	private final WorkflowRetention retention;

	private final DefaultWorkflowSchedules schedules;

	/**
	 * Registers the system workflows with a runtime that has not started.
	 * @param runtime the runtime
	 * @param converter its data converter
	 * @param retention its retention settings
	 */
	public SystemWorkflows(WorkflowRuntime runtime, DataConverter converter, WorkflowRetention retention) {
		this.runtime = runtime;
		this.retention = retention;
		this.schedules = new DefaultWorkflowSchedules(runtime::client, converter, runtime::isRunning);
		String source = "the runtime's system workflows";
		runtime.registerWorkflow(ScheduleWorkflow.NAME, new ScheduleWorkflow(), ScheduleState.class, source);
		runtime.registerActivity(ScheduleWorkflow.START_ACTIVITY, new StartRun(runtime::client, converter),
				StartRequest.class, source);
		runtime.registerWorkflow(RetentionWorkflow.NAME, new RetentionWorkflow(), RetentionState.class, source);
		runtime.registerActivity(RetentionWorkflow.PURGE_ACTIVITY,
				new PurgeBatch(runtime::client, retention::getListener), PurgeRequest.class, source);
	}

	/**
	 * The schedules.
	 * @return the schedules
	 */
	public WorkflowSchedules schedules() {
		return this.schedules;
	}

	/**
	 * Creates or updates the retention instance and the declared schedules; called once the
	 * runtime's workers run.
	 */
	public void started() {
		startRetention();
		this.schedules.createDeclared();
	}

	private void startRetention() {
		WorkflowClient client = this.runtime.client();
		RetentionState desired = new RetentionState(millis(this.retention.getCompleted()),
				millis(this.retention.getFailed()), millis(this.retention.getTerminated()),
				this.retention.getInterval().toMillis(), this.retention.getBatchSize());
		WorkflowInstanceStatus status = client.getInstanceState(WorkflowRetention.INSTANCE_ID, true);
		boolean live = status != null && !status.getRuntimeStatus().isTerminal();
		if (!live && !this.retention.isEnabled()) {
			return;
		}
		if (!live) {
			try {
				client.scheduleNewWorkflow(RetentionWorkflow.NAME,
						new NewWorkflowOptions().setInstanceId(WorkflowRetention.INSTANCE_ID).setInput(desired));
				log.info("Started retention {}", this.retention);
				return;
			}
			catch (WorkflowInstanceExistsException raced) {
				status = client.getInstanceState(WorkflowRetention.INSTANCE_ID, true);
			}
		}
		RetentionState current = status == null ? null : status.readInputAs(RetentionState.class);
		if (!desired.equals(current)) {
			// a deployment with other settings (or none: then it idles) replaces the running ones
			client.raiseEvent(WorkflowRetention.INSTANCE_ID, RetentionState.UPDATE_EVENT, desired);
			log.info("Updated retention to {}", this.retention);
		}
	}

	private static Long millis(Duration d) {
		return d == null ? null : d.toMillis();
	}

}
