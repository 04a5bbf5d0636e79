package dev.workflow;

/**
 * What {@link WorkflowClient#purgeInstances(PurgeInstancesCriteria)} did, as durabletask's
 * {@code PurgeResult}.
 */
public final class PurgeInstancesResult {

	private final int deletedInstanceCount;

	/**
	 * A result.
	 * @param deletedInstanceCount how many instances were deleted
	 */
	public PurgeInstancesResult(int deletedInstanceCount) {
		this.deletedInstanceCount = deletedInstanceCount;
	}

	/**
	 * How many instances were deleted.
	 * @return the count
	 */
	public int getDeletedInstanceCount() {
		return this.deletedInstanceCount;
	}

	@Override
	public String toString() {
		return "PurgeInstancesResult[deletedInstanceCount=" + this.deletedInstanceCount + "]";
	}

}
