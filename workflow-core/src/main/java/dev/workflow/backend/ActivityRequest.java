package dev.workflow.backend;

/**
 * An activity call to run, produced by a workflow turn.
 *
 * @param instanceId the calling instance
 * @param executionId the calling run
 * @param taskId the call's sequence number in the run
 * @param name the activity name
 * @param input the JSON input, may be null
 */
public record ActivityRequest(String instanceId, String executionId, int taskId, String name, String input) {
}
