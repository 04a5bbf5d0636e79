package dev.workflow.backend.actors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.backend.actors.ActorStateStore;
import dev.workflow.backend.actors.EtagMismatchException;
import dev.workflow.backend.actors.PartitionTable;
import dev.workflow.backend.sql.JdbcDatabase;

/**
 * The {@code jdbc} state store of the actors backend, on PostgreSQL, H2 or SQLite. A save is one
 * transaction that first moves the actor's etag forward ({@code WHERE etag = ?}), so a writer
 * holding a stale etag changes nothing and gets {@link EtagMismatchException}; then it writes the
 * keys and the turn's reminders. A save fenced on a partition lease first checks, in the same
 * transaction, that the lease is still held at the same epoch. The check takes no lock (a shared
 * row lock would queue every save of the partition behind each lease renewal): a save that raced a
 * takeover may still commit, but the new owner loads the actor after taking the partition, so the
 * etag lets only one of them move the actor on from any version. Schema by Flyway from
 * {@code db/workflow-actors/<vendor>} with its own history table {@code <prefix>actors_schema_history}.
 */
public final class JdbcActorStateStore implements ActorStateStore {

	private static final Logger log = LoggerFactory.getLogger(JdbcActorStateStore.class);

	private final JdbcDatabase db;

	/** The validated table prefix, spliced before every table name. */
	private final String prefix;

	private final JdbcPartitionTable partitions;

	private final String upsertStateSql;

	JdbcActorStateStore(JdbcDatabase db) {
		this.db = db;
		this.prefix = db.tablePrefix();
		this.db.migrate("db/workflow-actors/" + db.vendor(), this.prefix + "actors_schema_history");
		this.partitions = new JdbcPartitionTable(this.db, this.prefix);
		this.upsertStateSql = ActorStateStatements.upsertState(db.vendor(), this.prefix);
	}

	@Override
	public String description() {
		return "jdbc, " + this.db.location() + ", tables " + this.prefix + "actor*, " + this.prefix + "reminders";
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
		return new JdbcActorStateStore(JdbcDatabase.open(configuration, context, "jdbc actor state store"));
	}

	private <T> T tx(JdbcDatabase.Work<T> work) {
		return this.db.transaction(work, "Actor state store operation failed on " + this.db.productName());
	}

	private <T> T read(JdbcDatabase.Work<T> work) {
		return this.db.query(work, "Actor state store operation failed on " + this.db.productName());
	}

	@Override
	public void ping() {
		this.db.ping("Actor state store ping failed on " + this.db.productName());
	}

	@Override
	public ActorState load(String actorType, String actorId) {
		return read(c -> {
			String etag = etagOf(c, actorType, actorId);
			Map<String, String> values = new HashMap<>();
			if (etag != null) {
				try (PreparedStatement ps = c.prepareStatement("SELECT state_key, state_value FROM " + this.prefix
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
			try (PreparedStatement ps = c.prepareStatement("SELECT state_value FROM " + this.prefix
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
	public Map<String, String> get(String actorType, String actorId, Collection<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		return read(c -> {
			Map<String, String> out = new HashMap<>();
			try (PreparedStatement ps = c.prepareStatement("SELECT state_key, state_value FROM " + this.prefix
					+ "actor_state WHERE actor_type = ? AND actor_id = ? AND state_key IN (" + marks(keys.size()) + ")")) {
				ps.setString(1, actorType);
				ps.setString(2, actorId);
				int i = 3;
				for (String key : keys) {
					ps.setString(i++, key);
				}
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
	public String save(String actorType, String actorId, String expectedEtag, Changes changes) {
		return tx(c -> {
			checkFence(c, changes.fence());
			long etag = advanceEtag(c, actorType, actorId, expectedEtag, changes.fence().partition());
			// an actor that had no row has no state rows either (they go together)
			if (changes.deleteAll() && expectedEtag != null) {
				delete(c, "DELETE FROM " + this.prefix + "actor_state WHERE actor_type = ? AND actor_id = ?", actorType, actorId);
			}
			else if (!changes.deletes().isEmpty()) {
				try (PreparedStatement ps = c.prepareStatement(
						"DELETE FROM " + this.prefix + "actor_state WHERE actor_type = ? AND actor_id = ? AND state_key = ?")) {
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
				// after a delete of all keys a plain insert will do; otherwise insert or replace
				String sql = changes.deleteAll() ? "INSERT INTO " + this.prefix
						+ "actor_state (actor_type, actor_id, state_key, state_value) VALUES (?, ?, ?, ?)"
						: this.upsertStateSql;
				try (PreparedStatement ps = c.prepareStatement(sql)) {
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
			insertReminders(c, changes.reminders());
			if (!changes.consumedReminders().isEmpty()) {
				try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + this.prefix + "reminders WHERE id = ?")) {
					for (String id : changes.consumedReminders()) {
						ps.setString(1, id);
						ps.addBatch();
					}
					ps.executeBatch();
				}
			}
			if (changes.deleteAll() && changes.upserts().isEmpty()) {
				delete(c, "DELETE FROM " + this.prefix + "actors WHERE actor_type = ? AND actor_id = ?", actorType, actorId);
				return null;
			}
			return Long.toString(etag);
		});
	}

	private void insertReminders(Connection c, List<Reminder> reminders) throws SQLException {
		if (reminders.isEmpty()) {
			return;
		}
		try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + this.prefix
				+ "reminders (id, actor_type, actor_id, due_at, payload, partition_id) VALUES (?, ?, ?, ?, ?, ?)")) {
			for (Reminder r : reminders) {
				ps.setString(1, r.id());
				ps.setString(2, r.actorType());
				ps.setString(3, r.actorId());
				ps.setLong(4, JdbcDatabase.micros(r.dueTime()));
				ps.setString(5, r.payload());
				ps.setInt(6, r.partition());
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	/** Fails unless the fence's owner still holds the partition at the fence's epoch. */
	private void checkFence(Connection c, Fence fence) throws SQLException {
		if (fence.owner() == null) {
			return;
		}
		try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM " + this.prefix
				+ "actor_partitions WHERE partition_id = ? AND owner = ? AND epoch = ?")) {
			ps.setInt(1, fence.partition());
			ps.setString(2, fence.owner());
			ps.setLong(3, fence.epoch());
			try (ResultSet rs = ps.executeQuery()) {
				if (!rs.next()) {
					throw new dev.workflow.backend.actors.PartitionLostException("Actor partition " + fence.partition()
							+ " is no longer held by this process (epoch " + fence.epoch()
							+ "); nothing was written, its current owner carries on");
				}
			}
		}
	}

	/** The actor's etag, or null if it has no row. */
	private String etagOf(Connection c, String actorType, String actorId) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT etag FROM " + this.prefix + "actors WHERE actor_type = ? AND actor_id = ?")) {
			ps.setString(1, actorType);
			ps.setString(2, actorId);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? Long.toString(rs.getLong(1)) : null;
			}
		}
	}

	/** Moves the etag forward, or fails if another writer did first. */
	private long advanceEtag(Connection c, String actorType, String actorId, String expectedEtag, int partition)
			throws SQLException {
		if (expectedEtag == null) {
			String found = etagOf(c, actorType, actorId);
			if (found != null) {
				throw mismatch(actorType, actorId, null, found);
			}
			try (PreparedStatement ps = c.prepareStatement(
					"INSERT INTO " + this.prefix + "actors (actor_type, actor_id, etag, partition_id) VALUES (?, ?, 1, ?)")) {
				ps.setString(1, actorType);
				ps.setString(2, actorId);
				ps.setInt(3, partition);
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
				"UPDATE " + this.prefix + "actors SET etag = etag + 1 WHERE actor_type = ? AND actor_id = ? AND etag = ?")) {
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
	public Map<String, String> scan(String actorType, String key, Collection<Integer> partitions) {
		if (partitions != null && partitions.isEmpty()) {
			return Map.of();
		}
		String sql = partitions == null
				? "SELECT actor_id, state_value FROM " + this.prefix + "actor_state WHERE actor_type = ? AND state_key = ?"
				: "SELECT s.actor_id, s.state_value FROM " + this.prefix + "actor_state s JOIN " + this.prefix
						+ "actors a ON a.actor_type = s.actor_type AND a.actor_id = s.actor_id"
						+ " WHERE s.actor_type = ? AND s.state_key = ? AND a.partition_id IN (" + marks(partitions.size())
						+ ")";
		return read(c -> {
			Map<String, String> out = new HashMap<>();
			try (PreparedStatement ps = c.prepareStatement(sql)) {
				ps.setString(1, actorType);
				ps.setString(2, key);
				if (partitions != null) {
					int i = 3;
					for (Integer partition : partitions) {
						ps.setInt(i++, partition);
					}
				}
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						out.put(rs.getString(1), rs.getString(2));
					}
				}
			}
			return out;
		});
	}

	static String marks(int n) {
		return String.join(", ", java.util.Collections.nCopies(n, "?"));
	}

	@Override
	public List<Reminder> loadReminders(Collection<Integer> partitions, Instant dueBefore) {
		if (partitions != null && partitions.isEmpty()) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder("SELECT id, actor_type, actor_id, due_at, payload, partition_id FROM ")
			.append(this.prefix)
			.append("reminders WHERE 1 = 1");
		if (partitions != null) {
			sql.append(" AND partition_id IN (").append(marks(partitions.size())).append(')');
		}
		if (dueBefore != null) {
			sql.append(" AND due_at < ?");
		}
		sql.append(" ORDER BY due_at");
		return read(c -> {
			List<Reminder> out = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
				int i = 1;
				if (partitions != null) {
					for (Integer partition : partitions) {
						ps.setInt(i++, partition);
					}
				}
				if (dueBefore != null) {
					ps.setLong(i, JdbcDatabase.micros(dueBefore));
				}
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						Instant due = JdbcDatabase.instant(rs.getLong(4));
						out.add(new Reminder(rs.getString(1), rs.getString(2), rs.getString(3), due, rs.getString(5),
								rs.getInt(6)));
					}
				}
			}
			return out;
		});
	}

	@Override
	public List<Reminder> remindersOf(String actorType, String actorId) {
		return read(c -> {
			List<Reminder> out = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement("SELECT id, actor_type, actor_id, due_at, payload, partition_id FROM "
					+ this.prefix + "reminders WHERE actor_type = ? AND actor_id = ? ORDER BY due_at, id")) {
				ps.setString(1, actorType);
				ps.setString(2, actorId);
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						out.add(new Reminder(rs.getString(1), rs.getString(2), rs.getString(3),
								JdbcDatabase.instant(rs.getLong(4)), rs.getString(5), rs.getInt(6)));
					}
				}
			}
			return out;
		});
	}

	@Override
	public void addReminders(List<Reminder> reminders) {
		tx(c -> {
			insertReminders(c, reminders);
			return null;
		});
	}

	@Override
	public Optional<PartitionTable> partitions() {
		return Optional.of(this.partitions);
	}

	@Override
	public void deleteReminder(String reminderId) {
		tx(c -> {
			try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + this.prefix + "reminders WHERE id = ?")) {
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
	public void reopen() {
		if (this.db.reopen()) {
			// an in-memory database comes back empty: create the schema again (a no-op otherwise)
			this.db.migrate("db/workflow-actors/" + this.db.vendor(), this.prefix + "actors_schema_history");
		}
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
