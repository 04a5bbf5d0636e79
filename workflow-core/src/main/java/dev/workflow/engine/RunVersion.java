package dev.workflow.engine;

import java.util.List;

import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.WorkflowStarted;

/**
 * Which registered version of a workflow a turn runs. The first turn of a run takes the latest
 * version (or the one the client asked for, {@link ExecutionStarted#version()}) and records it on its {@link WorkflowStarted}, the one just before the run's
 * {@link ExecutionStarted}; every later turn runs the recorded version, so a run never changes
 * version midway, whatever was deployed since. A history from before versioning records none,
 * which means the registration without a version.
 *
 * @param workflow the code to run; null when none fits (see {@link #stalled()})
 * @param firstTurn whether this turn starts the run (and so records the version)
 * @param stalled why the run cannot go on in this runtime, or null
 */
record RunVersion(WorkflowRegistry.RegisteredWorkflow workflow, boolean firstTurn, String stalled) {

	/** The {@code reason} of the ExecutionStalled a missing version records, as in durabletask-go. */
	static final String VERSION_NOT_REGISTERED = "VERSION_NOT_REGISTERED";

	/** The {@code reason} of the ExecutionStalled for code that lacks a recorded patch. */
	static final String PATCH_MISMATCH = "PATCH_MISMATCH";

	/**
	 * Chooses the version for a turn.
	 * @param registry the workflows of this runtime
	 * @param instanceId the instance, for the message
	 * @param started the run's ExecutionStarted
	 * @param past the recorded history of the run
	 * @return the choice: a workflow; or null with no reason when the name is not registered at all
	 * (the run fails, as before versioning); or null with the reason it stalls
	 */
	static RunVersion choose(WorkflowRegistry registry, String instanceId, ExecutionStarted started,
			List<HistoryEvent> past) {
		String name = started.name();
		WorkflowStarted lastTurn = null;
		for (HistoryEvent e : past) {
			if (e instanceof WorkflowStarted ws) {
				lastTurn = ws;
			}
			else if (e instanceof ExecutionStarted) {
				String recorded = lastTurn == null ? null : lastTurn.version();
				return recordedRun(registry, instanceId, name, recorded);
			}
		}
		if (started.version() == null) {
			return new RunVersion(registry.workflow(name), true, null);
		}
		// the client asked for a version: the first turn takes it, or waits for it like a run
		// recorded on it
		RunVersion asked = recordedRun(registry, instanceId, name, started.version());
		if (asked.workflow() == null && asked.stalled() == null && registry.workflow(name) != null) {
			// registered only without versions: the version asked for is not there either
			return new RunVersion(null, true, "Instance '" + instanceId + "' asked for version '" + started.version()
					+ "' of workflow '" + name + "', which this runtime registers without versions; it waits as "
					+ "STALLED and goes on when a runtime that registers version '" + started.version() + "' starts");
		}
		return new RunVersion(asked.workflow(), true, asked.stalled());
	}

	private static RunVersion recordedRun(WorkflowRegistry registry, String instanceId, String name, String version) {
		WorkflowRegistry.RegisteredWorkflow workflow = registry.workflow(name, version);
		if (workflow != null || registry.versions(name).isEmpty()) {
			return new RunVersion(workflow, false, null);
		}
		String shown = version == null ? "without a version" : "on version '" + version + "'";
		return new RunVersion(null, false, "Instance '" + instanceId + "' started " + shown + " of workflow '" + name
				+ "', which is not registered in this runtime (registered versions: " + registry.versions(name)
				+ "); it waits as STALLED and goes on when a runtime that registers "
				+ (version == null ? "the workflow without a version" : "version '" + version + "'")
				+ " starts or the instance gets an event");
	}

	/**
	 * Why a turn whose code ran must stall because the code lacks a patch the history recorded, or
	 * null. Only a turn that replayed as far as the recorded run can tell: not while suspended
	 * (held events stop the code earlier) nor once terminated.
	 * @param ctx the turn, after the code ran
	 * @param instanceId the instance
	 * @param name the workflow name
	 * @return the description, or null
	 */
	static String unknownPatches(ReplayContext ctx, String instanceId, String name) {
		List<String> missing = ctx.actions().patches().recordedButNotAsked();
		if (missing.isEmpty() || ctx.suspended() || ctx.endStatus() == dev.workflow.WorkflowRuntimeStatus.TERMINATED) {
			return null;
		}
		return "Instance '" + instanceId + "' of workflow '" + name + "' recorded the patches " + missing
				+ ", which the code in this runtime never asks about (an older deployment?); it waits as STALLED "
				+ "and goes on when a runtime with the patched code starts or the instance gets an event";
	}

	/**
	 * The version to record on the turn's WorkflowStarted: the chosen one on a run's first turn.
	 * @return the version, or null when nothing is recorded
	 */
	String toRecord() {
		return this.firstTurn && this.workflow != null ? this.workflow.version() : null;
	}

}
