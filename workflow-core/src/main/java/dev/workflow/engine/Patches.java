package dev.workflow.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.workflow.history.HistoryEvent;
import dev.workflow.history.WorkflowStarted;

/**
 * The patches of one run, for {@link dev.workflow.WorkflowContext#isPatched(String)}, with Dapr's
 * rule: a patch recorded in the run's history is applied; a patch met while replaying history
 * recorded without it is not (the run passed that point on the old code); a patch met past the
 * recorded history is applied and recorded on this turn's {@link WorkflowStarted}. The first
 * answer for a name holds for the rest of the turn, so code that asks twice takes one branch.
 */
final class Patches {

	/** Long enough for a descriptive name; every recorded name is kept in history. */
	static final int MAX_LENGTH = 256;

	private final Set<String> recorded = new HashSet<>();

	private final Set<String> asked = new HashSet<>();

	private final Map<String, Boolean> answers = new HashMap<>();

	private final List<String> applied = new ArrayList<>();

	/**
	 * Reads the patches recorded by earlier turns of the run; called before the code runs.
	 * @param past the recorded history of the run
	 */
	void readRecorded(List<HistoryEvent> past) {
		for (HistoryEvent e : past) {
			if (e instanceof WorkflowStarted ws) {
				this.recorded.addAll(ws.patches());
			}
		}
	}

	/**
	 * Answers isPatched.
	 * @param name the patch name
	 * @param replaying whether the code is replaying recorded history at this point
	 * @return whether the patched code path runs
	 * @throws IllegalArgumentException if the name is null, blank or too long
	 */
	boolean isPatched(String name, boolean replaying) {
		if (name == null || name.isBlank() || name.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("Invalid patch name " + (name == null ? "null" : "'" + name + "'")
					+ ": a patch name must be 1 to " + MAX_LENGTH + " characters and not blank; it is case-sensitive"
					+ " and must name one code change for good (never reuse or compute it)");
		}
		this.asked.add(name);
		if (this.recorded.contains(name)) {
			return true;
		}
		return this.answers.computeIfAbsent(name, n -> {
			if (replaying) {
				return false;
			}
			this.applied.add(n);
			return true;
		});
	}

	/**
	 * The recorded patches the code did not ask about in this turn, sorted. A replay that runs as
	 * far as the recorded one did asks about every recorded patch again; one that does not runs
	 * older code than the code that recorded them (a replica without the patch, during a rollout).
	 * @return the names, empty when the code knows every recorded patch
	 */
	List<String> recordedButNotAsked() {
		return this.recorded.stream().filter(n -> !this.asked.contains(n)).sorted().toList();
	}

	/**
	 * The patches this turn applied for the first time, to record.
	 * @return the names, in the order first applied
	 */
	List<String> applied() {
		return List.copyOf(this.applied);
	}

}
