package dev.workflow.backend.actors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One workflow actor turn's writes, saved in one atomic store write. */
final class Batch {

	final Map<String, String> upserts = new HashMap<>();

	final Set<String> deletes = new HashSet<>();

	/** Whether every stored key is deleted before the upserts apply. */
	final boolean deleteAll;

	final List<ActorStateStore.Reminder> reminders = new ArrayList<>();

	/** Stored reminders whose message this batch takes in, deleted with it. */
	final Set<String> consumed = new LinkedHashSet<>();

	Batch(boolean deleteAll) {
		this.deleteAll = deleteAll;
	}

}
