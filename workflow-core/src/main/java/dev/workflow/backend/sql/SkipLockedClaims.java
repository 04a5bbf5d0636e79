package dev.workflow.backend.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Claims in one statement each, skipping rows other transactions lock ({@code FOR UPDATE SKIP
 * LOCKED}, PostgreSQL): many pollers in many processes each take a different row without waiting
 * on one another.
 */
final class SkipLockedClaims implements ClaimStrategy {

	private final SqlAccess sql;

	private final SqlTables tables;

	private final String owner;

	SkipLockedClaims(SqlAccess sql, SqlTables tables, String owner) {
		this.sql = sql;
		this.tables = tables;
		this.owner = owner;
	}

	private String claimInstanceSql(ClaimFilter filter) {
		return "UPDATE " + tables.instances() + " SET lock_token = ?, lock_owner = ?, lock_expires = ?, "
				+ "attempt = attempt + 1 WHERE instance_id = (SELECT x.instance_id FROM " + tables.inbox() + " x JOIN "
				+ tables.instances() + " i ON i.instance_id = x.instance_id WHERE x.visible_at <= ? "
				+ "AND (i.lock_expires IS NULL OR i.lock_expires < ?) AND i.status NOT IN " + TERMINAL
				+ filter.condition() + " ORDER BY x.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED) "
				+ "RETURNING instance_id, attempt, execution_id";
	}

	private String claimActivitySql(ClaimFilter filter) {
		return "UPDATE " + tables.activities() + " SET lock_token = ?, lock_expires = ?, "
				+ "attempt = attempt + 1 WHERE id = (SELECT id FROM " + tables.activities() + " WHERE visible_at <= ? "
				+ "AND (lock_expires IS NULL OR lock_expires < ?)" + filter.condition()
				+ " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id";
	}

	@Override
	public ClaimedInstance claimInstance(String token, long now, long expires, ClaimFilter filter) {
		return this.sql.transaction("claiming a workflow instance", c -> {
			try (PreparedStatement ps = this.sql.prepare(c, claimInstanceSql(filter))) {
				ps.setString(1, token);
				ps.setString(2, this.owner);
				ps.setLong(3, expires);
				ps.setLong(4, now);
				ps.setLong(5, now);
				filter.bind(ps, 6);
				try (ResultSet rs = ps.executeQuery()) {
					return rs.next() ? new ClaimedInstance(rs.getString(1), rs.getInt(2), rs.getString(3)) : null;
				}
			}
		});
	}

	@Override
	public ClaimedActivity claimActivity(String token, long now, long expires, ClaimFilter filter) {
		return this.sql.transaction("claiming an activity", c -> {
			long rowId;
			try (PreparedStatement ps = this.sql.prepare(c, claimActivitySql(filter))) {
				ps.setString(1, token);
				ps.setLong(2, expires);
				ps.setLong(3, now);
				ps.setLong(4, now);
				filter.bind(ps, 5);
				try (ResultSet rs = ps.executeQuery()) {
					if (!rs.next()) {
						return null;
					}
					rowId = rs.getLong(1);
				}
			}
			return ClaimedActivity.load(this.sql, this.tables, c, rowId);
		});
	}

}
