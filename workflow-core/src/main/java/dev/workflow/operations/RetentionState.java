package dev.workflow.operations;

/**
 * The input of each run of the retention instance: how long finished instances are kept, per
 * status, in milliseconds (null for ever), and how it works through them.
 *
 * @param completedMillis keep completed (and canceled) instances this long, or null
 * @param failedMillis keep failed instances this long, or null
 * @param terminatedMillis keep terminated instances this long, or null
 * @param intervalMillis how often to look
 * @param batchSize how many instances one activity call purges at most
 */
record RetentionState(Long completedMillis, Long failedMillis, Long terminatedMillis, long intervalMillis,
		int batchSize) {

	/** The external event that replaces the settings of a running retention instance. */
	static final String UPDATE_EVENT = "dapr.workflow.retention.update";

}
