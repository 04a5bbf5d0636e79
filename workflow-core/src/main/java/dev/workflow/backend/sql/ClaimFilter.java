package dev.workflow.backend.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import dev.workflow.backend.WorkerCapabilities;

/**
 * The part of a claim's WHERE clause that keeps a worker to the work it can run
 * ({@link WorkerCapabilities}): a condition on a row's {@code app_id} and {@code name} columns,
 * with its parameters. Names and the app id are bound as parameters, never spliced into the text.
 *
 * @param condition the condition, starting with {@code AND}, or empty for no restriction
 * @param parameters the values its placeholders take, in order
 */
record ClaimFilter(String condition, List<String> parameters) {

	/** No restriction: a worker that takes anything. */
	static final ClaimFilter NONE = new ClaimFilter("", List.of());

	/** The filter for workflow work items: the instance's app id and workflow name. */
	static ClaimFilter forWorkflows(WorkerCapabilities capabilities, String alias) {
		return of(capabilities, capabilities.workflowNames(), alias);
	}

	/** The filter for activity work items: the call's target app id and activity name. */
	static ClaimFilter forActivities(WorkerCapabilities capabilities, String alias) {
		return of(capabilities, capabilities.activityNames(), alias);
	}

	private static ClaimFilter of(WorkerCapabilities capabilities, Set<String> names, String alias) {
		if (capabilities == null || capabilities.takesAll()) {
			return NONE;
		}
		if (capabilities.scope() != WorkerCapabilities.Scope.APP) {
			return scoped(capabilities, names, alias);
		}
		if (capabilities.appId() == null) {
			// no app id: everything that names no app, so an unknown name still fails visibly
			return new ClaimFilter(" AND " + alias + "app_id IS NULL", List.of());
		}
		// its own app's work, whatever the name (an unknown one fails there, clearly); of the work
		// that names no app, only what it registered
		if (names.isEmpty()) {
			return new ClaimFilter(" AND " + alias + "app_id = ?", List.of(capabilities.appId()));
		}
		List<String> parameters = new ArrayList<>(names.size() + 1);
		parameters.add(capabilities.appId());
		parameters.addAll(names);
		String placeholders = String.join(", ", Collections.nCopies(names.size(), "?"));
		return new ClaimFilter(" AND (" + alias + "app_id = ? OR (" + alias + "app_id IS NULL AND " + alias + "name IN ("
				+ placeholders + ")))", List.copyOf(parameters));
	}

	/** This app's work or work that names no app, with names in (or not in) the set. */
	private static ClaimFilter scoped(WorkerCapabilities capabilities, Set<String> names, String alias) {
		boolean registered = capabilities.scope() == WorkerCapabilities.Scope.REGISTERED;
		if (registered && names.isEmpty()) {
			return new ClaimFilter(" AND 1 = 0", List.of());
		}
		List<String> parameters = new ArrayList<>(names.size() + 1);
		StringBuilder condition = new StringBuilder(" AND ");
		if (capabilities.appId() == null) {
			condition.append(alias).append("app_id IS NULL");
		}
		else {
			condition.append("(").append(alias).append("app_id IS NULL OR ").append(alias).append("app_id = ?)");
			parameters.add(capabilities.appId());
		}
		if (!names.isEmpty()) {
			condition.append(" AND ").append(alias).append(registered ? "name IN (" : "name NOT IN (")
				.append(String.join(", ", Collections.nCopies(names.size(), "?"))).append(")");
			parameters.addAll(names);
		}
		return new ClaimFilter(condition.toString(), List.copyOf(parameters));
	}

	/**
	 * Binds the parameters from a position on.
	 * @return the position after the last one bound
	 */
	int bind(PreparedStatement ps, int first) throws SQLException {
		int index = first;
		for (String p : this.parameters) {
			ps.setString(index++, p);
		}
		return index;
	}

}
