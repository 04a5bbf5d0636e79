package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims for databases without {@code SKIP LOCKED} (H2, SQLite): a plain read finds a few
 * candidates, so an idle poll never opens a write transaction; then a guarded update per candidate
 * re-checks everything the read saw and leases the first that still qualifies. Two pollers that
 * read the same candidates both try; the guard lets exactly one win.
 */
final class OptimisticClaims implements ClaimStrategy {

	/** How many candidates one read returns; more pollers than this race for the same rows. */
	private static final int CANDIDATES = 8;

	private final SqlAccess sql;

	private final SqlTables tables;

	private final String owner;

	private final Runnable betweenReadAndClaim;

	/**
	 * @param betweenReadAndClaim runs between reading instance candidates and claiming one (a test
	 * hook that forces another worker's commit into that window; does nothing otherwise)
	 */
	OptimisticClaims(SqlAccess sql, SqlTables tables, String owner, Runnable betweenReadAndClaim) {
		this.sql = sql;
		this.tables = tables;
		this.owner = owner;
		this.betweenReadAndClaim = betweenReadAndClaim;
	}

	@Override
	public ClaimedInstance claimInstance(String token, long now, long expires, ClaimFilter filter) {
		List<String> candidates = this.sql.read("finding workflow instances to run",
				c -> instanceCandidates(c, now, filter));
		if (candidates.isEmpty()) {
			return null;
		}
		this.betweenReadAndClaim.run();
		return this.sql.transaction("claiming a workflow instance", c -> {
			for (String id : candidates) {
				// The candidate was read before this transaction: another worker may have run and
				// committed its turn since. The update re-checks all of it, so an instance that ended
				// or whose ready events were consumed meanwhile is not handed out.
				try (PreparedStatement ps = this.sql.prepare(c, "UPDATE " + this.tables.instances() + " SET "
						+ "lock_token = ?, lock_owner = ?, lock_expires = ?, attempt = attempt + 1 WHERE instance_id = ? "
						+ "AND (lock_expires IS NULL OR lock_expires < ?) AND status NOT IN " + TERMINAL
						+ " AND EXISTS (SELECT 1 FROM " + this.tables.inbox() + " x WHERE x.instance_id = ? AND x.visible_at <= ?)")) {
					ps.setString(1, token);
					ps.setString(2, this.owner);
					ps.setLong(3, expires);
					ps.setString(4, id);
					ps.setLong(5, now);
					ps.setString(6, id);
					ps.setLong(7, now);
					if (ps.executeUpdate() == 1) {
						return leasedInstance(c, id);
					}
				}
			}
			return null;
		});
	}

	private List<String> instanceCandidates(Connection c, long now, ClaimFilter filter) throws SQLException {
		List<String> found = new ArrayList<>();
		try (PreparedStatement ps = this.sql.prepare(c, "SELECT x.instance_id, MIN(x.id) AS first_id FROM "
				+ this.tables.inbox() + " x JOIN " + this.tables.instances() + " i ON i.instance_id = x.instance_id "
				+ "WHERE x.visible_at <= ? AND (i.lock_expires IS NULL OR i.lock_expires < ?) AND i.status NOT IN "
				+ TERMINAL + filter.condition() + " GROUP BY x.instance_id ORDER BY first_id LIMIT " + CANDIDATES)) {
			ps.setLong(1, now);
			ps.setLong(2, now);
			filter.bind(ps, 3);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					found.add(rs.getString(1));
				}
			}
		}
		return found;
	}

	private ClaimedInstance leasedInstance(Connection c, String id) throws SQLException {
		try (PreparedStatement ps = this.sql.prepare(c,
				"SELECT attempt, execution_id FROM " + this.tables.instances() + " WHERE instance_id = ?")) {
			ps.setString(1, id);
			try (ResultSet rs = ps.executeQuery()) {
				if (!rs.next()) {
					throw new SQLException("The instance '" + id + "' leased in this transaction is gone");
				}
				return new ClaimedInstance(id, rs.getInt(1), rs.getString(2));
			}
		}
	}

	@Override
	public ClaimedActivity claimActivity(String token, long now, long expires, ClaimFilter filter) {
		List<Long> candidates = this.sql.read("finding activities to run", c -> activityCandidates(c, now, filter));
		if (candidates.isEmpty()) {
			return null;
		}
		return this.sql.transaction("claiming an activity", c -> {
			for (Long candidate : candidates) {
				try (PreparedStatement ps = this.sql.prepare(c, "UPDATE " + this.tables.activities() + " SET "
						+ "lock_token = ?, lock_expires = ?, attempt = attempt + 1 WHERE id = ? "
						+ "AND (lock_expires IS NULL OR lock_expires < ?)")) {
					ps.setString(1, token);
					ps.setLong(2, expires);
					ps.setLong(3, candidate);
					ps.setLong(4, now);
					if (ps.executeUpdate() == 1) {
						return ClaimedActivity.load(this.sql, this.tables, c, candidate);
					}
				}
			}
			return null;
		});
	}

	private List<Long> activityCandidates(Connection c, long now, ClaimFilter filter) throws SQLException {
		List<Long> found = new ArrayList<>();
		try (PreparedStatement ps = this.sql.prepare(c, "SELECT id FROM " + this.tables.activities() + " WHERE "
				+ "visible_at <= ? AND (lock_expires IS NULL OR lock_expires < ?)" + filter.condition()
				+ " ORDER BY id LIMIT " + CANDIDATES)) {
			ps.setLong(1, now);
			ps.setLong(2, now);
			filter.bind(ps, 3);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					found.add(rs.getLong(1));
				}
			}
		}
		return found;
	}

}
