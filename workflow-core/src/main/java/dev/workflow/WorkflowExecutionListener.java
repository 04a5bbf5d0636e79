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
	 * A workflow turn starts that continues a stored trace: the one of the code that scheduled the
	 * instance, or of the code that raised the newest event the turn handles. By default the same
	 * as {@link #workflowTurnStarted(String)}.
	 * @param instanceId the instance
	 * @param traceContext the trace to continue, or null when none was stored
	 * @return what to call when the turn ended
	 */
	default Completion workflowTurnStarted(String instanceId, TraceContext traceContext) {
		return workflowTurnStarted(instanceId);
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

	/**
	 * An activity starts that continues a stored trace (the one of the turn that scheduled it). By
	 * default the same as {@link #activityStarted(String, String)}.
	 * @param activityName the activity
	 * @param instanceId the calling instance
	 * @param traceContext the trace to continue, or null when none was stored
	 * @return what to call when the activity ended
	 */
	default Completion activityStarted(String activityName, String instanceId, TraceContext traceContext) {
		return activityStarted(activityName, instanceId);
	}

	/**
	 * The trace context of the calling code, read when a client schedules an instance or raises
	 * an event and stored with it, so the work that follows continues the caller's trace, in any
	 * process and after restarts. The first listener that returns one is used. Called on the
	 * client's thread; must be fast and must not throw.
	 * @return the caller's trace context, or null for none
	 */
	default TraceContext currentTraceContext() {
		return null;
	}

}
