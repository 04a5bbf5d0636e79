package dev.workflow;

/**
 * What a schedule does when a run falls due while its previous run is still running.
 */
public enum ScheduleOverlapPolicy {

	/** Skip the due run (the default): at most one run at a time. */
	SKIP,

	/**
	 * Keep one due run waiting and start it as soon as the previous run finishes; further due runs
	 * while one is waiting are skipped.
	 */
	BUFFER_ONE,

	/** Start the due run anyway, so runs may overlap. */
	ALLOW

}
