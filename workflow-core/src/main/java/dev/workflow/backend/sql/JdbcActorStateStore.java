package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.backend.actors.ActorStateStore;
import dev.workflow.backend.actors.EtagMismatchException;

/**
 * The {@code jdbc} state store of the actors backend, on PostgreSQL, H2 or SQLite. A save is one
 * transaction that first moves the actor's etag forward ({@code WHERE etag = ?}), so a writer
 * holding a stale etag changes nothing and gets {@link EtagMismatchException}; then it writes the
 * keys and the turn's reminders. Schema by Flyway from {@code db/workflow-actors/<vendor>} with its
 * own history table {@code <prefix>actors_schema_history}.
 */
public final class JdbcActorStateStore implements ActorStateStore {

	private static final Logger log = LoggerFactory.getLogger(JdbcActorStateStore.class);

	private final Database db;

	private final SqlDialect dialect;

	private final String p;

	JdbcActorStateStore(SqlBackends.Connected connected, String tablePrefix) {
		this.db = connected.db();
		this.dialect = connected.dialect();
		this.p = tablePrefix;
		Flyway.configure(JdbcActorStateStore.class.getClassLoader())
			.dataSource(this.db.asDataSource())
			.locations("classpath:db/workflow-actors/" + this.dialect.migrationFolder())
			.table(this.p + "actors_schema_history")
			.placeholders(Map.of("prefix", this.p))
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		log.info("Actor state store on {} (tables '{}actor*', '{}reminders')", this.dialect.name(), this.p, this.p);
	}

	/**
	 * Opens the store as the actors backend's configuration says: {@code url}, {@code username},
	 * {@code password} (or the host's DataSource) and {@code table-prefix}; creates or upgrades the schema.
	 * @param configuration the actors backend's settings
	 * @param context the host's resources
	 * @return the store
	 */
	public static JdbcActorStateStore create(dev.workflow.backend.BackendConfiguration configuration,
			dev.workflow.backend.BackendContext context) {
		String prefix = SqlBackends.settings(configuration).tablePrefix();
		return new JdbcActorStateStore(SqlBackends.fromConfiguration(configuration, context, "jdbc actor state store"),
				prefix);
	}

	private <T> T tx(Database.Work<T> work) {
		try {
			return this.db.inTransaction(work);
		}
		catch (SQLException ex) {
			throw new SqlBackendException("Actor state store operation failed on " + this.dialect.name() + ": "
					+ ex.getMessage(), ex);
		}
	}

	private <T> T read(Database.Work<T> work) {
		try {
			return this.db.run(work);
		}
		catch (SQLException ex) {
			throw new SqlBackendException("Actor state store operation failed on " + this.dialect.name() + ": "
					+ ex.getMessage(), ex);
		}
	}

	@Override
	public ActorState load(String actorType, String actorId) {
		return read(c -> {
			String etag = null;
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT etag FROM " + this.p + "actors WHERE actor_type = ? AND actor_id = ?")) {
				ps.setString(1, actorType);
				ps.setString(2, actorId);
				try (ResultSet rs = ps.executeQuery()) {
					if (rs.next()) {
						etag = Long.toString(rs.getLong(1));
					}
				}
			}
			Map<String, String> values = new HashMap<>();
			if (etag != null) {
				try (PreparedStatement ps = c.prepareStatement("SELECT state_key, state_value FROM " + this.p
						+ "actor_state WHERE actor_type = ? AND actor_id = ?")) {
					ps.setString(1, actorType);
					ps.setString(2, actorId);
					try (ResultSet rs = ps.executeQuery()) {
						while (rs.next()) {
							values.put(rs.getString(1), rs.getString(2));
						}
					}
				}
			}
			return new ActorState(values, etag);
		});
	}

	@Override
	public String get(String actorType, String actorId, String key) {
		return read(c -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT state_value FROM " + this.p
					+ "actor_state WHERE actor_type = ? AND actor_id = ? AND state_key = ?")) {
				ps.setString(1, actorType);
				ps.setString(2, actorId);
				ps.setString(3, key);
				try (ResultSet rs = ps.executeQuery()) {
					return rs.next() ? rs.getString(1) : null;
				}
			}
		});
	}

	@Override
	public String save(String actorType, String actorId, String expectedEtag, Changes changes) {
		return tx(c -> {
			long etag = advanceEtag(c, actorType, actorId, expectedEtag);
			if (changes.deleteAll()) {
				delete(c, "DELETE FROM " + this.p + "actor_state WHERE actor_type = ? AND actor_id = ?", actorType, actorId);
			}
			else if (!changes.deletes().isEmpty()) {
				try (PreparedStatement ps = c.prepareStatement(
						"DELETE FROM " + this.p + "actor_state WHERE actor_type = ? AND actor_id = ? AND state_key = ?")) {
					for (String key : changes.deletes()) {
						ps.setString(1, actorType);
						ps.setString(2, actorId);
						ps.setString(3, key);
						ps.addBatch();
					}
					ps.executeBatch();
				}
			}
			if (!changes.upserts().isEmpty()) {
				if (!changes.deleteAll()) {
					try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + this.p
							+ "actor_state WHERE actor_type = ? AND actor_id = ? AND state_key = ?")) {
						for (String key : changes.upserts().keySet()) {
							ps.setString(1, actorType);
							ps.setString(2, actorId);
							ps.setString(3, key);
							ps.addBatch();
						}
						ps.executeBatch();
					}
				}
				try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + this.p
						+ "actor_state (actor_type, actor_id, state_key, state_value) VALUES (?, ?, ?, ?)")) {
					for (Map.Entry<String, String> e : changes.upserts().entrySet()) {
						ps.setString(1, actorType);
						ps.setString(2, actorId);
						ps.setString(3, e.getKey());
						ps.setString(4, e.getValue());
						ps.addBatch();
					}
					ps.executeBatch();
				}
			}
			if (!changes.reminders().isEmpty()) {
				try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + this.p
						+ "reminders (id, actor_type, actor_id, due_at, payload) VALUES (?, ?, ?, ?, ?)")) {
					for (Reminder r : changes.reminders()) {
						ps.setString(1, r.id());
						ps.setString(2, r.actorType());
						ps.setString(3, r.actorId());
						ps.setLong(4, SqlWorkflowBackend.micros(r.dueTime()));
						ps.setString(5, r.payload());
						ps.addBatch();
					}
					ps.executeBatch();
				}
			}
			if (changes.deleteAll() && changes.upserts().isEmpty()) {
				delete(c, "DELETE FROM " + this.p + "actors WHERE actor_type = ? AND actor_id = ?", actorType, actorId);
				return null;
			}
			return Long.toString(etag);
		});
	}

	/** Moves the etag forward, or fails if another writer did first. */
	private long advanceEtag(Connection c, String actorType, String actorId, String expectedEtag) throws SQLException {
		if (expectedEtag == null) {
			try (PreparedStatement check = c.prepareStatement(
					"SELECT etag FROM " + this.p + "actors WHERE actor_type = ? AND actor_id = ?")) {
				check.setString(1, actorType);
				check.setString(2, actorId);
				try (ResultSet rs = check.executeQuery()) {
					if (rs.next()) {
						throw mismatch(actorType, actorId, null, Long.toString(rs.getLong(1)));
					}
				}
			}
			try (PreparedStatement ps = c.prepareStatement(
					"INSERT INTO " + this.p + "actors (actor_type, actor_id, etag) VALUES (?, ?, 1)")) {
				ps.setString(1, actorType);
				ps.setString(2, actorId);
				ps.executeUpdate();
			}
			catch (SQLException ex) {
				// a concurrent first write of the same actor
				throw mismatch(actorType, actorId, null, "a concurrent first write");
			}
			return 1;
		}
		long expected = Long.parseLong(expectedEtag);
		try (PreparedStatement ps = c.prepareStatement(
				"UPDATE " + this.p + "actors SET etag = etag + 1 WHERE actor_type = ? AND actor_id = ? AND etag = ?")) {
			ps.setString(1, actorType);
			ps.setString(2, actorId);
			ps.setLong(3, expected);
			if (ps.executeUpdate() != 1) {
				throw mismatch(actorType, actorId, expectedEtag, "another version");
			}
		}
		return expected + 1;
	}

	private static EtagMismatchException mismatch(String type, String id, String expected, String found) {
		return new EtagMismatchException("Actor " + type + "/" + id + " was changed by another writer: expected etag "
				+ expected + ", found " + found + "; nothing was written");
	}

	private static void delete(Connection c, String sql, String type, String id) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setString(1, type);
			ps.setString(2, id);
			ps.executeUpdate();
		}
	}

	@Override
	public Map<String, String> scan(String actorType, String key) {
		return read(c -> {
			Map<String, String> out = new HashMap<>();
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT actor_id, state_value FROM " + this.p + "actor_state WHERE actor_type = ? AND state_key = ?")) {
				ps.setString(1, actorType);
				ps.setString(2, key);
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						out.put(rs.getString(1), rs.getString(2));
					}
				}
			}
			return out;
		});
	}

	@Override
	public List<Reminder> loadReminders() {
		return read(c -> {
			List<Reminder> out = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT id, actor_type, actor_id, due_at, payload FROM " + this.p + "reminders ORDER BY due_at")) {
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						Instant due = SqlWorkflowBackend.instant(rs.getLong(4));
						out.add(new Reminder(rs.getString(1), rs.getString(2), rs.getString(3), due, rs.getString(5)));
					}
				}
			}
			return out;
		});
	}

	@Override
	public void deleteReminder(String reminderId) {
		tx(c -> {
			try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + this.p + "reminders WHERE id = ?")) {
				ps.setString(1, reminderId);
				return ps.executeUpdate();
			}
		});
	}

	@Override
	public boolean isDurable() {
		return true;
	}

	@Override
	public void close() {
		try {
			this.db.close();
		}
		catch (Exception ex) {
			log.warn("Closing the actor state store failed: {}", ex.toString());
		}
	}

}
