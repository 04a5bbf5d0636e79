package dev.workflow.backend.actors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import dev.workflow.backend.actors.PartitionTable;
import dev.workflow.backend.sql.JdbcDatabase;
import dev.workflow.backend.sql.SqlBackendException;

/**
 * The partition leases of the jdbc actor state store, in {@code <prefix>actor_partitions} and
 * {@code <prefix>actor_members}. Times are stored as epoch microseconds. Taking a partition moves
 * its epoch forward in the same statement that checks it is free or expired, so two members can
 * never both take it.
 */
final class JdbcPartitionTable implements PartitionTable {

	private final JdbcDatabase db;

	

	/** The validated table prefix, spliced before every table name. */
	private final String prefix;

	JdbcPartitionTable(JdbcDatabase db, String tablePrefix) {
		this.db = db;
		this.prefix = tablePrefix;
	}

	private <T> T tx(JdbcDatabase.Work<T> work) {
		return this.db.transaction(work, "Actor partition lease operation failed on " + this.db.productName());
	}

	private static long micros(Instant t) {
		return JdbcDatabase.micros(t);
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
		// only the partitions of work without an app id: the ranges of apps come on top
		String countSql = "SELECT COUNT(*) FROM " + this.prefix + "actor_partitions WHERE partition_id < "
				+ APP_RANGES_START;
		int existing = (int) (long) tx(c -> count(c, countSql, null));
		if (existing > 0) {
			return existing;
		}
		try {
			tx(c -> {
				try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + this.prefix
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
	public void initializeRange(int first, int count) {
		String countSql = "SELECT COUNT(*) FROM " + this.prefix + "actor_partitions WHERE partition_id >= " + first
				+ " AND partition_id < " + (first + count);
		if (tx(c -> count(c, countSql, null)) >= count) {
			return;
		}
		try {
			tx(c -> {
				try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + this.prefix
						+ "actor_partitions (partition_id, owner, epoch, expires_at) VALUES (?, NULL, 0, 0)")) {
					for (int i = first; i < first + count; i++) {
						ps.setInt(1, i);
						ps.addBatch();
					}
					ps.executeBatch();
				}
				return null;
			});
		}
		catch (SqlBackendException ex) {
			// another member created them at the same moment
			if (tx(c -> count(c, countSql, null)) < count) {
				throw ex;
			}
		}
	}

	@Override
	public List<String> liveMemberIds(Instant now) {
		return tx(c -> {
			List<String> out = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT member_id FROM " + this.prefix + "actor_members WHERE expires_at > ?")) {
				ps.setLong(1, micros(now));
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						out.add(rs.getString(1));
					}
				}
			}
			return out;
		});
	}

	@Override
	public void heartbeat(String member, Instant now, Instant expiresAt) {
		tx(c -> {
			int updated;
			try (PreparedStatement ps = c.prepareStatement(
					"UPDATE " + this.prefix + "actor_members SET expires_at = ? WHERE member_id = ?")) {
				ps.setLong(1, micros(expiresAt));
				ps.setString(2, member);
				updated = ps.executeUpdate();
			}
			if (updated == 0) {
				try (PreparedStatement ps = c.prepareStatement(
						"INSERT INTO " + this.prefix + "actor_members (member_id, expires_at) VALUES (?, ?)")) {
					ps.setString(1, member);
					ps.setLong(2, micros(expiresAt));
					ps.executeUpdate();
				}
			}
			try (PreparedStatement ps = c.prepareStatement(
					"DELETE FROM " + this.prefix + "actor_members WHERE expires_at < ?")) {
				ps.setLong(1, micros(now));
				ps.executeUpdate();
			}
			return null;
		});
	}

	@Override
	public int liveMembers(Instant now) {
		return (int) (long) tx(c -> count(c,
				"SELECT COUNT(*) FROM " + this.prefix + "actor_members WHERE expires_at > ?", micros(now)));
	}

	@Override
	public List<Integer> available(Instant now) {
		return tx(c -> {
			List<Integer> out = new ArrayList<>();
			try (PreparedStatement ps = c.prepareStatement("SELECT partition_id FROM " + this.prefix
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
			try (PreparedStatement ps = c.prepareStatement("UPDATE " + this.prefix
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
					"SELECT epoch FROM " + this.prefix + "actor_partitions WHERE partition_id = ? AND owner = ?")) {
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
			try (PreparedStatement ps = c.prepareStatement("UPDATE " + this.prefix
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
			try (PreparedStatement ps = c.prepareStatement("UPDATE " + this.prefix
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
					"DELETE FROM " + this.prefix + "actor_members WHERE member_id = ?")) {
				ps.setString(1, member);
				return ps.executeUpdate();
			}
		});
	}

}
