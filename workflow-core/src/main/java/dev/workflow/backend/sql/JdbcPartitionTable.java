package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.ToIntFunction;

import dev.workflow.backend.actors.PartitionTable;

/**
 * The partition leases of the jdbc actor state store, in {@code <prefix>actor_partitions} and
 * {@code <prefix>actor_members}. Times are stored as epoch microseconds. Taking a partition moves
 * its epoch forward in the same statement that checks it is free or expired, so two members can
 * never both take it.
 */
final class JdbcPartitionTable implements PartitionTable {

	private final Database db;

	private final SqlDialect dialect;

	private final String p;

	JdbcPartitionTable(Database db, SqlDialect dialect, String tablePrefix) {
		this.db = db;
		this.dialect = dialect;
		this.p = tablePrefix;
	}

	private <T> T tx(Database.Work<T> work) {
		return this.db.transaction(work, "Actor partition lease operation failed on " + this.dialect.name());
	}

	private static long micros(Instant t) {
		return SqlWorkflowBackend.micros(t);
	}

	private static long count(Connection c, String sql, Long arg) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			if (arg != null) {
				ps.setLong(1, arg);
			}
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	@Override
	public int initialize(int desired) {
		String countSql = "SELECT COUNT(*) FROM " + this.p + "actor_partitions";
		int existing = (int) (long) tx(c -> count(c, countSql, null));
		if (existing > 0) {
			return existing;
		}
		try {
			tx(c -> {
				try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + this.p
						+ "actor_partitions (partition_id, owner, epoch, expires_at) VALUES (?, NULL, 0, 0)")) {
					for (int i = 0; i < desired; i++) {
						ps.setInt(1, i);
						ps.addBatch();
					}
					ps.executeBatch();
				}
				return null;
			});
			return desired;
		}
		catch (SqlBackendException ex) {
			// another member created them at the same moment
			int now = (int) (long) tx(c -> count(c, countSql, null));
			if (now > 0) {
				return now;
			}
			throw ex;
		}
	}

	@Override
	public void heartbeat(String member, Instant now, Instant expiresAt) {
		tx(c -> {
			int updated;
			try (PreparedStatement ps = c.prepareStatement(
					"UPDATE " + this.p + "actor_members SET expires_at = ? WHERE member_id = ?")) {
				ps.setLong(1, micros(expiresAt));
				ps.setString(2, member);
				updated = ps.executeUpdate();
			}
			if (updated == 0) {
				try (PreparedStatement ps = c.prepareStatement(
						"INSERT INTO " + this.p + "actor_members (member_id, expires_at) VALUES (?, ?)")) {
					ps.setString(1, member);
					ps.setLong(2, micros(expiresAt));
					ps.executeUpdate();
				}
			}
			try (PreparedStatement ps = c.prepareStatement(
					"DELETE FROM " + this.p + "actor_members WHERE expires_at < ?")) {
				ps.setLong(1, micros(now));
				ps.executeUpdate();
			}
			return null;
		});
	}

	@Override
	public int liveMembers(Instant now) {
		return (int) (long) tx(c -> count(c,
				"SELECT COUNT(*) FROM " + this.p + "actor_members WHERE expires_at > ?", micros(now)));
	}

	@Override
	public List<Integer> available(Instant now) {
		return tx(c -> {
			List<Integer> out = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement("SELECT partition_id FROM " + this.p
					+ "actor_partitions WHERE owner IS NULL OR expires_at < ? ORDER BY partition_id")) {
				ps.setLong(1, micros(now));
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						out.add(rs.getInt(1));
					}
				}
			}
			return out;
		});
	}

	@Override
	public OptionalLong acquire(int partition, String member, Instant now, Instant expiresAt) {
		return tx(c -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE " + this.p
					+ "actor_partitions SET owner = ?, epoch = epoch + 1, expires_at = ?"
					+ " WHERE partition_id = ? AND (owner IS NULL OR expires_at < ?)")) {
				ps.setString(1, member);
				ps.setLong(2, micros(expiresAt));
				ps.setInt(3, partition);
				ps.setLong(4, micros(now));
				if (ps.executeUpdate() != 1) {
					return OptionalLong.empty();
				}
			}
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT epoch FROM " + this.p + "actor_partitions WHERE partition_id = ? AND owner = ?")) {
				ps.setInt(1, partition);
				ps.setString(2, member);
				try (ResultSet rs = ps.executeQuery()) {
					return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
				}
			}
		});
	}

	@Override
	public List<Integer> renew(String member, Map<Integer, Long> held, Instant expiresAt) {
		return tx(c -> {
			List<Integer> kept = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement("UPDATE " + this.p
					+ "actor_partitions SET expires_at = ? WHERE partition_id = ? AND owner = ? AND epoch = ?")) {
				for (Map.Entry<Integer, Long> e : held.entrySet()) {
					ps.setLong(1, micros(expiresAt));
					ps.setInt(2, e.getKey());
					ps.setString(3, member);
					ps.setLong(4, e.getValue());
					if (ps.executeUpdate() == 1) {
						kept.add(e.getKey());
					}
				}
			}
			return kept;
		});
	}

	@Override
	public void release(int partition, String member, long epoch) {
		tx(c -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE " + this.p
					+ "actor_partitions SET owner = NULL, expires_at = 0 WHERE partition_id = ? AND owner = ? AND epoch = ?")) {
				ps.setInt(1, partition);
				ps.setString(2, member);
				ps.setLong(3, epoch);
				return ps.executeUpdate();
			}
		});
	}

	@Override
	public void leave(String member) {
		tx(c -> {
			try (PreparedStatement ps = c.prepareStatement(
					"DELETE FROM " + this.p + "actor_members WHERE member_id = ?")) {
				ps.setString(1, member);
				return ps.executeUpdate();
			}
		});
	}

	@Override
	public int assignUnpartitioned(ToIntFunction<String> actorPartition, ToIntFunction<String> reminderPartition) {
		return tx(c -> {
			int assigned = 0;
			List<String[]> actors = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT actor_type, actor_id FROM " + this.p + "actors WHERE partition_id = -1");
					ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					actors.add(new String[] { rs.getString(1), rs.getString(2) });
				}
			}
			try (PreparedStatement ps = c.prepareStatement("UPDATE " + this.p
					+ "actors SET partition_id = ? WHERE actor_type = ? AND actor_id = ? AND partition_id = -1")) {
				for (String[] a : actors) {
					ps.setInt(1, actorPartition.applyAsInt(a[1]));
					ps.setString(2, a[0]);
					ps.setString(3, a[1]);
					assigned += ps.executeUpdate();
				}
			}
			List<String[]> reminders = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT id, payload FROM " + this.p + "reminders WHERE partition_id = -1");
					ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					reminders.add(new String[] { rs.getString(1), rs.getString(2) });
				}
			}
			try (PreparedStatement ps = c.prepareStatement(
					"UPDATE " + this.p + "reminders SET partition_id = ? WHERE id = ? AND partition_id = -1")) {
				for (String[] r : reminders) {
					ps.setInt(1, reminderPartition.applyAsInt(r[1]));
					ps.setString(2, r[0]);
					assigned += ps.executeUpdate();
				}
			}
			return assigned;
		});
	}

}
