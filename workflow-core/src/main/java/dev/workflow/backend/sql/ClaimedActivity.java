package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.workflow.backend.ActivityRequest;

/**
 * An activity call leased by a claim.
 *
 * @param rowId the id of its row in the activities table
 * @param request the call
 * @param attempt how many times it has been handed out, this claim included
 */
record ClaimedActivity(long rowId, ActivityRequest request, int attempt) {

	/** Reads a row just leased, in the claiming transaction. */
	static ClaimedActivity load(SqlAccess sql, SqlTables tables, Connection c, long rowId) throws SQLException {
		try (PreparedStatement ps = sql.prepare(c, "SELECT instance_id, execution_id, task_id, name, input, attempt, app_id, "
				+ "trace_parent, trace_state "
				+ "FROM " + tables.activities() + " WHERE id = ?")) {
			ps.setLong(1, rowId);
			try (ResultSet rs = ps.executeQuery()) {
				if (!rs.next()) {
					throw new SQLException("The activity row " + rowId + " leased in this transaction is gone");
				}
				ActivityRequest request = new ActivityRequest(rs.getString(1), rs.getString(2), rs.getInt(3),
						rs.getString(4), rs.getString(5), rs.getString(7), rs.getString(8), rs.getString(9));
				return new ClaimedActivity(rowId, request, rs.getInt(6));
			}
		}
	}

}
