package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.BackendErrors;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.history.HistoryEvent;

/**
 * Activity work items: claiming a ready call, committing its result into the instance's inbox
 * (fenced by the lease token on the call's row), and the lease (renew, abandon). The row id
 * travels in the work item's {@link ActivityClaim}.
 */
final class ActivityQueue {

	private final SqlAccess sql;

	private final SqlTables tables;

	private final ClaimStrategy claims;

	private final WakeUps wakeUps;

	private final Duration lockTimeout;

	ActivityQueue(SqlAccess sql, SqlTables tables, ClaimStrategy claims, WakeUps wakeUps, Duration lockTimeout) {
		this.sql = sql;
		this.tables = tables;
		this.claims = claims;
		this.wakeUps = wakeUps;
		this.lockTimeout = lockTimeout;
	}

	/** The work item of one ready call, leased to this caller; {@code null} if none is ready. */
	ActivityWorkItem claim(ClaimFilter filter) {
		String token = UUID.randomUUID().toString();
		long now = this.sql.now();
		long expires = SqlInstants.plus(now, this.lockTimeout);
		ClaimedActivity claimed = this.claims.claimActivity(token, now, expires, filter);
		if (claimed == null) {
			return null;
		}
		return new ActivityWorkItem(claimed.request(), token, claimed.attempt(), SqlInstants.instant(expires),
				new ActivityClaim(claimed.rowId()));
	}

	private static WorkItemLockLostException lockLost(ActivityWorkItem item) {
		return BackendErrors.activityLeaseLost(item.request());
	}

	/** The row of an item this backend handed out; an item it did not hand out has lost its lease. */
	private static long rowId(ActivityWorkItem item) {
		if (item.claim() instanceof ActivityClaim claim) {
			return claim.rowId();
		}
		throw lockLost(item);
	}

	/**
	 * Deletes the call and, unless the instance has ended, adds its result to the instance's inbox,
	 * in one transaction.
	 * @throws WorkItemLockLostException if the lease expired or moved to another worker
	 */
	void complete(ActivityWorkItem item, HistoryEvent result) {
		long rowId = rowId(item);
		String instanceId = item.request().instanceId();
		this.sql.transaction("committing the result of activity '" + item.request().name() + "' of instance '"
				+ instanceId + "'", c -> {
					try (PreparedStatement ps = this.sql.prepare(c,
							"DELETE FROM " + this.tables.activities() + " WHERE id = ? AND lock_token = ?")) {
						ps.setLong(1, rowId);
						ps.setString(2, item.lockToken());
						if (ps.executeUpdate() != 1) {
							throw lockLost(item);
						}
					}
					if (isRunning(c, instanceId)) {
						addToInbox(c, instanceId, item.request().executionId(), result);
						this.wakeUps.notifyOthers(c, Set.of(WakeUp.Kind.WORKFLOW));
					}
					return null;
				});
		this.wakeUps.announce(Set.of(WakeUp.Kind.WORKFLOW));
	}

	/**
	 * Whether the instance exists and has not ended; its row stays locked until the transaction
	 * ends, so the result queues behind a turn that is committing.
	 */
	private boolean isRunning(Connection c, String instanceId) throws SQLException {
		try (PreparedStatement ps = this.sql.prepare(c, "SELECT status FROM " + this.tables.instances()
				+ " WHERE instance_id = ?" + this.sql.dialect().forUpdate())) {
			ps.setString(1, instanceId);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() && !WorkflowRuntimeStatus.valueOf(rs.getString(1)).isTerminal();
			}
		}
	}

	private void addToInbox(Connection c, String instanceId, String executionId, HistoryEvent event)
			throws SQLException {
		try (PreparedStatement ps = this.sql.prepare(c, "INSERT INTO " + this.tables.inbox()
				+ " (instance_id, execution_id, event, visible_at) VALUES (?, ?, ?, ?)")) {
			ps.setString(1, instanceId);
			ps.setString(2, executionId);
			ps.setString(3, BackendJson.write(event));
			ps.setLong(4, this.sql.now());
			ps.executeUpdate();
		}
	}

	/** Releases the lease; the call becomes claimable again after {@code retryAfter}. */
	void abandon(ActivityWorkItem item, Duration retryAfter) {
		if (!(item.claim() instanceof ActivityClaim claim)) {
			return; // not handed out by this backend: there is no lease to release
		}
		this.sql.transaction("abandoning activity '" + item.request().name() + "' of instance '"
				+ item.request().instanceId() + "'", c -> {
					try (PreparedStatement ps = this.sql.prepare(c, "UPDATE " + this.tables.activities() + " SET "
							+ "lock_token = NULL, lock_expires = NULL, visible_at = ? WHERE id = ? AND lock_token = ?")) {
						ps.setLong(1, SqlInstants.plus(this.sql.now(), retryAfter));
						ps.setLong(2, claim.rowId());
						ps.setString(3, item.lockToken());
						return ps.executeUpdate();
					}
				});
	}

	/**
	 * Extends the lease by the lock timeout from now.
	 * @throws WorkItemLockLostException if the lease expired or moved to another worker
	 */
	void renew(ActivityWorkItem item) {
		long rowId = rowId(item);
		int updated = this.sql.transaction("renewing the lease on activity '" + item.request().name()
				+ "' of instance '" + item.request().instanceId() + "'", c -> {
					try (PreparedStatement ps = this.sql.prepare(c, "UPDATE " + this.tables.activities()
							+ " SET lock_expires = ? WHERE id = ? AND lock_token = ?")) {
						ps.setLong(1, SqlInstants.plus(this.sql.now(), this.lockTimeout));
						ps.setLong(2, rowId);
						ps.setString(3, item.lockToken());
						return ps.executeUpdate();
					}
				});
		if (updated != 1) {
			throw lockLost(item);
		}
	}

}
