package dev.workflow.engine;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.workflow.ActivityFunction;
import dev.workflow.WorkflowFunction;

/**
 * The workflows and activities a runtime can run, by name. A workflow name may have several
 * versions (Dapr's named workflow versions): exactly one of them is the latest, which new runs
 * take; a run stays on the version it started with.
 */
public final class WorkflowRegistry {

	/**
	 * A registered workflow.
	 * @param name the name
	 * @param function the code
	 * @param inputType the type the input is bound to
	 * @param source where it was declared, for error messages
	 * @param version the version, or null for a workflow registered without one
	 * @param latest whether new runs of the name take this version (a name's only registration is
	 * its latest even when this is false)
	 */
	public record RegisteredWorkflow(String name, WorkflowFunction<Object, Object> function, Type inputType,
			String source, String version, boolean latest) {

		/**
		 * A workflow registered without a version.
		 * @param name the name
		 * @param function the code
		 * @param inputType the type the input is bound to
		 * @param source where it was declared, for error messages
		 */
		public RegisteredWorkflow(String name, WorkflowFunction<Object, Object> function, Type inputType,
				String source) {
			this(name, function, inputType, source, null, false);
		}

		/** How the version is shown in messages. */
		String shownVersion() {
			return this.version == null ? "(no version)" : "'" + this.version + "'";
		}

	}

	/**
	 * A registered activity.
	 * @param name the name
	 * @param function the code
	 * @param inputType the type the input is bound to
	 * @param source where it was declared, for error messages
	 */
	public record RegisteredActivity(String name, ActivityFunction<Object, Object> function, Type inputType,
			String source) {
	}

	/**
	 * A workflow registration from the public API's arguments.
	 * @param name the name
	 * @param version the version, or null for none
	 * @param latest whether new instances take this version
	 * @param function the code
	 * @param inputType the input type, null for Object
	 * @param source where it was declared, for error messages
	 * @return the registration
	 */
	@SuppressWarnings("unchecked")
	public static RegisteredWorkflow workflow(String name, String version, boolean latest,
			WorkflowFunction<?, ?> function, Type inputType, String source) {
		return new RegisteredWorkflow(name, (WorkflowFunction<Object, Object>) java.util.Objects.requireNonNull(function,
				"function"), inputType == null ? Object.class : inputType, source, version, latest);
	}

	/**
	 * An activity registration from the public API's arguments.
	 * @param name the name
	 * @param function the code
	 * @param inputType the input type, null for Object
	 * @param source where it was declared, for error messages
	 * @return the registration
	 */
	@SuppressWarnings("unchecked")
	public static RegisteredActivity activity(String name, ActivityFunction<?, ?> function, Type inputType,
			String source) {
		return new RegisteredActivity(name, (ActivityFunction<Object, Object>) java.util.Objects.requireNonNull(function,
				"function"), inputType == null ? Object.class : inputType, source);
	}

	/** Allowed versions: short, and safe to show in logs and status. */
	private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/**
	 * Whether a version string follows the rule (1 to 64 letters, digits, '.', '_' or '-').
	 * @param version the version
	 * @return true if it does
	 */
	static boolean validVersion(String version) {
		return VERSION.matcher(version).matches();
	}

	/** Unversioned registrations are kept under this key. */
	private static final String NO_VERSION = "";

	/** By name, then by version. */
	private final Map<String, Map<String, RegisteredWorkflow>> workflows = new ConcurrentHashMap<>();

	private final Map<String, RegisteredActivity> activities = new ConcurrentHashMap<>();

	/**
	 * Registers a workflow, or one version of it.
	 * @param workflow the workflow
	 * @throws dev.workflow.WorkflowDefinitionException if the name (with this version) is taken,
	 * naming both sources, or the name breaks the name rule of {@link Names}, or the version is not
	 * 1 to 64 letters, digits, '.', '_' or '-'
	 */
	public void add(RegisteredWorkflow workflow) {
		requireName(workflow.name(), "workflow", workflow.source());
		String version = workflow.version();
		if (version != null && !VERSION.matcher(version).matches()) {
			throw new dev.workflow.WorkflowDefinitionException("Invalid version '" + version + "' of workflow '"
					+ workflow.name() + "' declared by " + workflow.source()
					+ ": a version must be 1 to 64 letters, digits, '.', '_' or '-'");
		}
		RegisteredWorkflow previous = this.workflows.computeIfAbsent(workflow.name(), n -> new ConcurrentHashMap<>())
			.putIfAbsent(version == null ? NO_VERSION : version, workflow);
		if (previous != null) {
			throw new dev.workflow.DuplicateRegistrationException("Duplicate workflow name '" + workflow.name() + "'"
					+ (version == null ? "" : " version '" + version + "'") + ": declared by " + previous.source()
					+ " and by " + workflow.source() + "; give one of them another name"
					+ (version == null ? " or a version" : " or version"));
		}
	}

	/**
	 * Checks that every workflow name has exactly one latest version: a name registered once is
	 * its own latest; a name with several versions needs exactly one marked latest.
	 * @throws dev.workflow.WorkflowDefinitionException naming the versions and where they were
	 * declared, when a name has none or several marked latest
	 */
	public void checkVersions() {
		for (Map.Entry<String, Map<String, RegisteredWorkflow>> entry : this.workflows.entrySet()) {
			if (entry.getValue().size() > 1 && latest(entry.getKey()) == null) {
				List<String> shown = new ArrayList<>();
				entry.getValue().values().forEach(w -> shown.add(w.shownVersion() + (w.latest() ? " latest" : "")
						+ " by " + w.source()));
				throw new dev.workflow.WorkflowDefinitionException("Workflow '" + entry.getKey() + "' has "
						+ entry.getValue().size() + " versions, and exactly one must be marked latest (new instances "
						+ "take it): " + String.join("; ", shown));
			}
		}
	}

	/**
	 * Registers an activity.
	 * @param activity the activity
	 * @throws dev.workflow.WorkflowDefinitionException if the name is taken, naming both sources, or
	 * breaks the name rule of {@link Names}
	 */
	public void add(RegisteredActivity activity) {
		requireName(activity.name(), "activity", activity.source());
		RegisteredActivity previous = this.activities.putIfAbsent(activity.name(), activity);
		if (previous != null) {
			throw new dev.workflow.DuplicateRegistrationException("Duplicate activity name '" + activity.name() + "': declared by "
					+ previous.source() + " and by " + activity.source() + "; give one of them another name");
		}
	}

	/** Registration fails on a name no client or workflow could use, rather than at the first call. */
	private static void requireName(String name, String kind, String source) {
		if (!Names.isValid(name)) {
			throw new dev.workflow.WorkflowDefinitionException(Names.describe(name, kind) + "; declared by " + source);
		}
	}

	/**
	 * Finds the latest version of a workflow, the one new runs take.
	 * @param name the name
	 * @return the workflow, or null if the name is not registered or has no single latest version
	 */
	public RegisteredWorkflow workflow(String name) {
		return latest(name);
	}

	/**
	 * Finds one version of a workflow.
	 * @param name the name
	 * @param version the version, null for the registration without a version
	 * @return the workflow, or null
	 */
	public RegisteredWorkflow workflow(String name, String version) {
		Map<String, RegisteredWorkflow> versions = this.workflows.get(name);
		return versions == null ? null : versions.get(version == null ? NO_VERSION : version);
	}

	/**
	 * The versions registered under a name, for messages.
	 * @param name the name
	 * @return the versions, sorted, "(no version)" for an unversioned registration
	 */
	public TreeSet<String> versions(String name) {
		TreeSet<String> out = new TreeSet<>();
		this.workflows.getOrDefault(name, Map.of()).values().forEach(w -> out.add(w.shownVersion()));
		return out;
	}

	private RegisteredWorkflow latest(String name) {
		Map<String, RegisteredWorkflow> versions = this.workflows.get(name);
		if (versions == null || versions.isEmpty()) {
			return null;
		}
		if (versions.size() == 1) {
			return versions.values().iterator().next();
		}
		List<RegisteredWorkflow> marked = versions.values().stream().filter(RegisteredWorkflow::latest).toList();
		return marked.size() == 1 ? marked.get(0) : null;
	}

	/**
	 * Finds an activity.
	 * @param name the name
	 * @return the activity, or null
	 */
	public RegisteredActivity activity(String name) {
		return this.activities.get(name);
	}

	/**
	 * The registered workflow names, sorted.
	 * @return the names
	 */
	public TreeSet<String> workflowNames() {
		return new TreeSet<>(this.workflows.keySet());
	}

	/**
	 * The registered activity names, sorted.
	 * @return the names
	 */
	public TreeSet<String> activityNames() {
		return new TreeSet<>(this.activities.keySet());
	}

}
