package dev.workflow.backend.actors.jdbc;

/**
 * SQL of the jdbc actor state store that differs by database.
 */
final class ActorStateStatements {

	private ActorStateStatements() {
	}

	/**
	 * The statement that sets one key of an actor's state, inserting or replacing it. Parameters:
	 * actor_type, actor_id, state_key, state_value. H2 has MERGE ... KEY; PostgreSQL and SQLite
	 * share ON CONFLICT.
	 */
	static String upsertState(String vendor, String prefix) {
		if (vendor.equals("h2")) {
			return "MERGE INTO " + prefix + "actor_state (actor_type, actor_id, state_key, state_value) "
					+ "KEY (actor_type, actor_id, state_key) VALUES (?, ?, ?, ?)";
		}
		return "INSERT INTO " + prefix + "actor_state (actor_type, actor_id, state_key, state_value) VALUES (?, ?, ?, ?) "
				+ "ON CONFLICT (actor_type, actor_id, state_key) DO UPDATE SET state_value = excluded.state_value";
	}

}
