package dev.workflow.backend.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.workflow.backend.BackendErrors;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Workflow work items: claiming a ready instance and reading what its turn needs, and the lease
 * of a claimed instance (renew, abandon). Committing a turn is not here.
 */
final class WorkflowQueue {

	private final SqlAccess sql;

	private final SqlTables tables;

	private final ClaimStrategy claims;

	private final Duration lockTimeout;

	WorkflowQueue(SqlAccess sql, SqlTables tables, ClaimStrategy claims, Duration lockTimeout) {
		this.sql = sql;
		this.tables = tables;
		this.claims = claims;
		this.lockTimeout = lockTimeout;
	}

	/** The error for a commit, renewal or abandonment whose lease is gone. */
	static WorkItemLockLostException lockLost(WorkflowWorkItem item) {
		return BackendErrors.workflowLeaseLost(item.instanceId());
	}

	/** The work item of one ready instance, leased to this caller; {@code null} if none is ready. */
	WorkflowWorkItem claim(ClaimFilter filter) {
		String token = UUID.randomUUID().toString();
		long now = this.sql.now();
		long expires = SqlInstants.plus(now, this.lockTimeout);
		ClaimStrategy.ClaimedInstance claimed = this.claims.claimInstance(token, now, expires, filter);
		if (claimed == null) {
			return null;
		}
		String instanceId = claimed.instanceId();
		return this.sql.read("reading the history and new events of instance '" + instanceId + "'", c -> {
			// History and ready inbox rows in one round trip: kind 0 = history (by seq), 1 = inbox (by id).
			List<HistoryEvent> history = new ArrayList<>();
			List<HistoryEvent> events = new ArrayList<>();
			List<Long> ids = new ArrayList<>();
			try (PreparedStatement ps = this.sql.prepare(c, "SELECT 0 AS kind, seq AS n, NULL AS target, event FROM "
					+ this.tables.history() + " WHERE instance_id = ? UNION ALL SELECT 1, id, execution_id, event FROM "
					+ this.tables.inbox() + " WHERE instance_id = ? AND visible_at <= ? ORDER BY 1, 2")) {
				ps.setString(1, instanceId);
				ps.setString(2, instanceId);
				// Visibility is judged now, after the claim: a commit that happened between computing
				// the claim time and the claim (for example the start of a continued-as-new run) is seen.
				ps.setLong(3, this.sql.now());
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						HistoryEvent e = BackendJson.read(rs.getString(4), HistoryEvent.class);
						if (rs.getInt(1) == 0) {
							history.add(e);
							continue;
						}
						ids.add(rs.getLong(2));
						String target = rs.getString(3);
						// Events for an earlier run (after continue-as-new) are consumed and dropped.
						if (target == null || target.equals(claimed.executionId()) || e instanceof ExecutionStarted) {
							events.add(e);
						}
					}
				}
			}
			return new WorkflowWorkItem(instanceId, history, events, token, claimed.attempt(), SqlInstants.instant(expires),
					new WorkflowClaim(instanceId, ids));
		});
	}

	/** Releases the lease; the instance becomes claimable again after {@code retryAfter}. */
	void abandon(WorkflowWorkItem item, Duration retryAfter) {
		this.sql.transaction("abandoning the turn of instance '" + item.instanceId() + "'", c -> {
			try (PreparedStatement ps = this.sql.prepare(c, "UPDATE " + this.tables.instances() + " SET lock_token = NULL, "
					+ "lock_owner = NULL, lock_expires = ? WHERE instance_id = ? AND lock_token = ?")) {
				ps.setLong(1, SqlInstants.plus(this.sql.now(), retryAfter));
				ps.setString(2, item.instanceId());
				ps.setString(3, item.lockToken());
				return ps.executeUpdate();
			}
		});
	}

	/** Extends the lease by the lock timeout from now. */
	void renew(WorkflowWorkItem item) {
		int updated = this.sql.transaction("renewing the lease on instance '" + item.instanceId() + "'", c -> {
			try (PreparedStatement ps = this.sql.prepare(c,
					"UPDATE " + this.tables.instances() + " SET lock_expires = ? WHERE instance_id = ? AND lock_token = ?")) {
				ps.setLong(1, SqlInstants.plus(this.sql.now(), this.lockTimeout));
				ps.setString(2, item.instanceId());
				ps.setString(3, item.lockToken());
				return ps.executeUpdate();
			}
		});
		if (updated != 1) {
			throw lockLost(item);
		}
	}

}
