package dev.workflow.operations;

import java.util.List;

import dev.workflow.WorkflowRuntimeStatus;

/**
 * The input of one purge activity call: one page of finished instances.
 *
 * @param statuses the statuses to purge
 * @param cutoffMillis purge instances last updated before this instant (epoch milliseconds)
 * @param batchSize the page size
 * @param continuationToken the page to read, or null for the first
 */
record PurgeRequest(List<WorkflowRuntimeStatus> statuses, long cutoffMillis, int batchSize,
		String continuationToken) {

	/**
	 * What one call did.
	 *
	 * @param purged how many instances it purged
	 * @param continuationToken the page to read next, or null at the end
	 */
	record Result(int purged, String continuationToken) {
	}

}
