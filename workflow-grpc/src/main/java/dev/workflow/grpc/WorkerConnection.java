package dev.workflow.grpc;

/**
 * One connected remote worker (a GetWorkItems stream), as a protocol flavour implements it: the
 * {@link WorkerHub} hands it work items in the neutral model and the flavour writes them to the
 * stream in its protocol. Calls come from the hub's dispatcher threads; an implementation
 * serializes its writes to the stream.
 */
public interface WorkerConnection {

	/**
	 * Writes a workflow turn to the stream.
	 * @param turn the turn
	 * @throws RuntimeException if the stream is closed; the hub then gives the turn back
	 */
	void sendTurn(WorkflowTurn turn);

	/**
	 * Writes an activity call to the stream.
	 * @param call the call
	 * @throws RuntimeException if the stream is closed; the hub then gives the call back
	 */
	void sendActivity(ActivityCall call);

	/**
	 * How many turns this worker takes at once, as its request said.
	 * @return the limit, or 0 when it did not say (the hub's default applies)
	 */
	default int maxTurns() {
		return 0;
	}

	/**
	 * How many activity calls this worker takes at once, as its request said.
	 * @return the limit, or 0 when it did not say (the hub's default applies)
	 */
	default int maxActivities() {
		return 0;
	}

}
