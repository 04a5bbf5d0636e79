package dev.workflow;

/**
 * Observes the work a runtime does, for metrics and tracing. Register listeners with
 * {@link WorkflowRuntime.Builder#listener(WorkflowExecutionListener)}; in Spring, every bean of
 * this type is registered. Callbacks run on the worker thread, around the work, so a listener can
 * open a tracing scope that activity code sees. They must be fast and must not throw.
 */
public interface WorkflowExecutionListener {

	/**
	 * What a listener learns when a piece of work ends.
	 */
	@FunctionalInterface
	interface Completion {

		/** A completion that does nothing. */
		Completion NONE = (name, outcome, error) -> {
		};

		/**
		 * The work ended.
		 * @param name the workflow or activity name (null if a turn could not tell)
		 * @param outcome the instance's status after a turn, or "COMPLETED"/"FAILED" for an activity
		 * @param error the error, or null
		 */
		void finished(String name, String outcome, Throwable error);

	}

	/**
	 * A client scheduled a new instance.
	 * @param workflowName the workflow
	 * @param instanceId the instance
	 */
	default void workflowScheduled(String workflowName, String instanceId) {
	}

	/**
	 * A workflow turn starts.
	 * @param instanceId the instance
	 * @return what to call when the turn ended
	 */
	default Completion workflowTurnStarted(String instanceId) {
		return Completion.NONE;
	}

	/**
	 * An activity starts.
	 * @param activityName the activity
	 * @param instanceId the calling instance
	 * @return what to call when the activity ended
	 */
	default Completion activityStarted(String activityName, String instanceId) {
		return Completion.NONE;
	}

}
