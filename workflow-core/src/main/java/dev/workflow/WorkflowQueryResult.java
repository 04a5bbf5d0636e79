package dev.workflow;

import java.util.List;

/**
 * One page of {@link WorkflowClient#listInstances(WorkflowQuery)}.
 */
public final class WorkflowQueryResult {

	private final List<WorkflowInstanceStatus> instances;

	private final String continuationToken;

	/**
	 * Creates a page.
	 * @param instances the instances
	 * @param continuationToken the token for the next page, or null on the last
	 */
	public WorkflowQueryResult(List<WorkflowInstanceStatus> instances, String continuationToken) {
		this.instances = List.copyOf(instances);
		this.continuationToken = continuationToken;
	}

	/**
	 * The instances, oldest first.
	 * @return the instances
	 */
	public List<WorkflowInstanceStatus> getWorkflowInstances() {
		return this.instances;
	}

	/**
	 * The token for the next page.
	 * @return the token, or null on the last page
	 */
	public String getContinuationToken() {
		return this.continuationToken;
	}

}
