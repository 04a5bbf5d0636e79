package dev.workflow.history;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Marks the start of one workflow turn; its timestamp is the workflow's current time for the turn.
 * It also records what versioning decided in that turn, so a replay decides the same: the first
 * turn that runs the code records the workflow version it runs, and every turn records the patches
 * its code saw applied for the first time. Histories written before versioning have neither field
 * (both read as null).
 *
 * @param timestamp when the turn started
 * @param version the workflow version the run started on, recorded by its first turn; null on the
 * other turns and for a workflow registered without a version
 * @param patches the patch names first applied in this turn ({@code isPatched} returned true),
 * null or empty when none
 */
public record WorkflowStarted(Instant timestamp, @JsonInclude(JsonInclude.Include.NON_NULL) String version,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> patches) implements HistoryEvent {

	/**
	 * Normalizes the patch list to an unmodifiable copy.
	 * @param timestamp when the turn started
	 * @param version the version recorded, may be null
	 * @param patches the patches applied, may be null
	 */
	public WorkflowStarted {
		patches = patches == null ? List.of() : List.copyOf(patches);
	}

	/**
	 * A turn marker that records no versioning decision.
	 * @param timestamp when the turn started
	 */
	public WorkflowStarted(Instant timestamp) {
		this(timestamp, null, List.of());
	}

}
