package dev.workflow;

import java.time.Duration;
import java.time.Instant;

/**
 * A durable schedule as stored: its settings and where it stands. Read it with
 * {@link WorkflowSchedules#get(String)} or {@link WorkflowSchedules#list()}.
 *
 * @param id the schedule id
 * @param workflowName the workflow it starts
 * @param inputJson the input of every run as JSON text, or null
 * @param cron the cron expression, or null for a fixed interval
 * @param zone the zone id of the cron expression
 * @param interval the fixed interval, or null for a cron expression
 * @param overlap the overlap policy
 * @param catchUp the catch-up policy
 * @param catchUpWindow how late a due time may start
 * @param paused whether it is paused
 * @param nextRunAt the next due time, or null when paused or not known yet
 * @param lastRunInstanceId the instance id of the latest run it started, or null
 * @param instanceId the id of the system workflow instance that runs the schedule
 */
public record ScheduleDescription(String id, String workflowName, String inputJson, String cron, String zone,
		Duration interval, ScheduleOverlapPolicy overlap, ScheduleCatchUpPolicy catchUp, Duration catchUpWindow,
		boolean paused, Instant nextRunAt, String lastRunInstanceId, String instanceId) {
}
