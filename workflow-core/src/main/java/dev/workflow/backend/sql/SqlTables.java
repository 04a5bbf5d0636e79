package dev.workflow.backend.sql;

/**
 * The names of the workflow backend's tables, all starting with one validated prefix (see
 * {@link SqlBackends#settings}), so that several backends can share a schema. The prefix is
 * checked to be a plain identifier before it gets here; it is never taken from user input raw.
 *
 * @param prefix the table prefix, such as {@code wf_}
 */
record SqlTables(String prefix) {

	/** One row per instance, with the lease of the worker running its turn. */
	String instances() {
		return this.prefix + "instances";
	}

	/** The recorded history of each instance's current run. */
	String history() {
		return this.prefix + "history";
	}

	/** New events per instance, each visible from its {@code visible_at}. */
	String inbox() {
		return this.prefix + "inbox";
	}

	/** Activity calls waiting or running, each with its lease. */
	String activities() {
		return this.prefix + "activities";
	}

	/** Flyway's history of the workflow tables (never the application's). */
	String schemaHistory() {
		return this.prefix + "schema_history";
	}

	/** The PostgreSQL LISTEN/NOTIFY channel of this set of tables. */
	String workChannel() {
		return this.prefix + "work";
	}

}
