package dev.workflow;

import java.time.Instant;

/**
 * A snapshot of a workflow instance's state, as returned by {@link WorkflowClient}. The client
 * creates it; it is an interface so that the public API needs no backend type to build one, and so
 * that tests can stub it.
 */
public interface WorkflowInstanceStatus {

	/**
	 * The workflow name.
	 * @return the name
	 */
	String getName();

	/**
	 * The instance id.
	 * @return the id
	 */
	String getInstanceId();

	/**
	 * The runtime status.
	 * @return the status
	 */
	WorkflowRuntimeStatus getRuntimeStatus();

	/**
	 * When the instance was scheduled.
	 * @return the creation time
	 */
	Instant getCreatedAt();

	/**
	 * When the instance's state last changed.
	 * @return the last update time
	 */
	Instant getLastUpdatedAt();

	/**
	 * The input bound to a type.
	 * @param type the type
	 * @param <T> the type
	 * @return the input, or null
	 * @throws IllegalStateException if this status was read without payloads
	 * ({@code includeInputsAndOutputs} false, or a query without
	 * {@link WorkflowQuery#setFetchInputsAndOutputs(boolean) fetchInputsAndOutputs}): "not fetched"
	 * is not the same as null
	 */
	<T> T readInputAs(Class<T> type);

	/**
	 * The output bound to a type.
	 * @param type the type
	 * @param <T> the type
	 * @return the output, or null
	 * @throws IllegalStateException if this status was read without payloads
	 * ({@code includeInputsAndOutputs} false, or a query without
	 * {@link WorkflowQuery#setFetchInputsAndOutputs(boolean) fetchInputsAndOutputs}): "not fetched"
	 * is not the same as null
	 */
	<T> T readOutputAs(Class<T> type);

	/**
	 * The custom status bound to a type.
	 * @param type the type
	 * @param <T> the type
	 * @return the custom status, or null
	 * @throws IllegalStateException if this status was read without payloads
	 * ({@code includeInputsAndOutputs} false, or a query without
	 * {@link WorkflowQuery#setFetchInputsAndOutputs(boolean) fetchInputsAndOutputs}): "not fetched"
	 * is not the same as null
	 */
	<T> T readCustomStatusAs(Class<T> type);

	/**
	 * The raw JSON input.
	 * @return the JSON text, or null
	 */
	String getSerializedInput();

	/**
	 * The raw JSON output.
	 * @return the JSON text, or null
	 */
	String getSerializedOutput();

	/**
	 * The raw JSON custom status.
	 * @return the JSON text, or null
	 */
	String getSerializedCustomStatus();

	/**
	 * Whether this status carries a custom status (durabletask's {@code isCustomStatusFetched}):
	 * false when it was read without payloads, and when the workflow set none or cleared it.
	 * @return true if a custom status was fetched and is set
	 */
	default boolean isCustomStatusFetched() {
		String json = getSerializedCustomStatus();
		return json != null && !json.isEmpty();
	}

	/**
	 * What went wrong.
	 * @return the failure details, null unless FAILED
	 */
	FailureDetails getFailureDetails();

	/**
	 * Whether the instance has not finished (running, pending, suspended or continued as new).
	 * @return true if not finished
	 */
	default boolean isRunning() {
		return !getRuntimeStatus().isTerminal();
	}

	/**
	 * Whether the instance has finished (completed, failed, canceled or terminated).
	 * @return true if finished
	 */
	default boolean isCompleted() {
		return getRuntimeStatus().isTerminal();
	}

}
