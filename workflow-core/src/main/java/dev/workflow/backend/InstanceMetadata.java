package dev.workflow.backend;

import java.time.Instant;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowRuntimeStatus;

/**
 * What a backend stores about one workflow instance besides its history.
 *
 * @param instanceId the instance id
 * @param name the workflow name
 * @param executionId the current run's id
 * @param status the runtime status
 * @param createdAt when the instance was scheduled
 * @param lastUpdatedAt when its state last changed
 * @param input the JSON input of the current run, may be null
 * @param output the JSON output, may be null
 * @param customStatus the JSON custom status, may be null
 * @param failure the failure, for FAILED
 * @param parentInstanceId the parent's id, for a child workflow
 */
public record InstanceMetadata(String instanceId, String name, String executionId, WorkflowRuntimeStatus status,
		Instant createdAt, Instant lastUpdatedAt, String input, String output, String customStatus,
		FailureDetails failure, String parentInstanceId) {

	/**
	 * This metadata without input, output and custom status, for listings that skip payloads.
	 * @return a copy without payloads
	 */
	public InstanceMetadata withoutPayloads() {
		return new InstanceMetadata(this.instanceId, this.name, this.executionId, this.status, this.createdAt,
				this.lastUpdatedAt, null, null, null, this.failure, this.parentInstanceId);
	}

	/**
	 * The same metadata with another status (a client's suspend or resume shown at once).
	 * @param newStatus the status
	 * @return this record if the status is the same, else a copy with the status
	 */
	public InstanceMetadata withStatus(WorkflowRuntimeStatus newStatus) {
		return this.status == newStatus ? this
				: new InstanceMetadata(this.instanceId, this.name, this.executionId, newStatus, this.createdAt,
						this.lastUpdatedAt, this.input, this.output, this.customStatus, this.failure,
						this.parentInstanceId);
	}

}
