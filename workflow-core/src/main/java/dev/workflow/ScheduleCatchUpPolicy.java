package dev.workflow;

/**
 * What a schedule does with due times that passed while it could not run (every replica was down,
 * or the schedule was paused). A due time counts as missed when the schedule wakes up more than
 * the schedule's catch-up window after it.
 */
public enum ScheduleCatchUpPolicy {

	/**
	 * Start the latest due time if it is within the window, and none of the missed ones (the
	 * default).
	 */
	SKIP_MISSED,

	/** Start the latest due time however late it is, once, and skip the earlier ones. */
	RUN_LATEST,

	/**
	 * Start every due time within the window, oldest first (at most 100 per wake-up), and skip the
	 * older ones.
	 */
	RUN_ALL

}
