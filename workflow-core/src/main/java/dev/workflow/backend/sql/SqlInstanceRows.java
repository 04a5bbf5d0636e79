package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendErrors;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.InstanceReuse;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * The writes of the SQL backend that create, replace and purge instance rows and add inbox rows,
 * shared by client calls and the turn commit. Every method runs inside the caller's transaction.
 */
final class SqlInstanceRows {

	private final SqlAccess sql;

	private final SqlTables tables;

	SqlInstanceRows(SqlAccess sql, SqlTables tables) {
		this.sql = sql;
		this.tables = tables;
	}

	/** Prepares a statement bounded by the backend's statement timeout. */
	PreparedStatement prepare(Connection c, String statement) throws SQLException {
		return this.sql.prepare(c, statement);
	}

	SqlTables tables() {
		return this.tables;
	}

	/**
	 * Sets a status a client's event shows at once ({@link dev.workflow.backend.TurnRules#statusOnEvent});
	 * writes nothing when it does not change.
	 */
	void updateStatus(Connection c, String instanceId, WorkflowRuntimeStatus before, WorkflowRuntimeStatus after,
			long now) throws SQLException {
		if (before == after) {
			return;
		}
		try (PreparedStatement ps = prepare(c, "UPDATE " + this.tables.instances()
				+ " SET status = ?, updated_at = ? WHERE instance_id = ? AND status = ?")) {
			ps.setString(1, after.name());
			ps.setLong(2, now);
			ps.setString(3, instanceId);
			ps.setString(4, before.name());
			ps.executeUpdate();
		}
	}

	/**
	 * Creates an instance as its reuse policy decides. The existing row (if any) is locked first, so
	 * concurrent creators of one id queue behind each other instead of interleaving their deletes
	 * and inserts.
	 * @return true if created (or replaced), false if the existing instance was kept
	 */
	boolean create(Connection c, ExecutionStarted started, NewWorkflowOptions.ReusePolicy policy, long now)
			throws SQLException {
		InstanceReuse decision = InstanceReuse.decide(started.instanceId(), status(c, started.instanceId(), true),
				policy);
		return apply(c, decision, started, now);
	}

	/** Starts a child workflow per {@link InstanceReuse#forChildStart}. */
	void startChild(Connection c, ExecutionStarted started, long now) throws SQLException {
		apply(c, InstanceReuse.forChildStart(status(c, started.instanceId(), false)), started, now);
	}

	private boolean apply(Connection c, InstanceReuse decision, ExecutionStarted started, long now)
			throws SQLException {
		if (decision == InstanceReuse.KEEP) {
			return false;
		}
		if (decision == InstanceReuse.REPLACE) {
			deleteInstance(c, started.instanceId());
		}
		insertInstance(c, started, now);
		return true;
	}

	/**
	 * Deletes a finished instance.
	 * @return false if there is no such instance
	 * @throws IllegalStateException if it has not finished
	 */
	boolean purge(Connection c, String instanceId) throws SQLException {
		WorkflowRuntimeStatus status = status(c, instanceId, false);
		if (status == null) {
			return false;
		}
		if (!status.isTerminal()) {
			throw BackendErrors.purgeOfUnfinished(instanceId, status);
		}
		deleteInstance(c, instanceId);
		return true;
	}

	private void insertInstance(Connection c, ExecutionStarted started, long now) throws SQLException {
		try (PreparedStatement ps = prepare(c, "INSERT INTO " + this.tables.instances() + " (instance_id, name, "
				+ "execution_id, status, created_at, updated_at, input, parent_instance_id, history_length, attempt, "
				+ "app_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)")) {
			ps.setString(1, started.instanceId());
			ps.setString(2, started.name());
			ps.setString(3, started.executionId());
			ps.setString(4, WorkflowRuntimeStatus.PENDING.name());
			ps.setLong(5, SqlInstants.micros(started.timestamp()));
			ps.setLong(6, now);
			ps.setString(7, started.input());
			ps.setString(8, started.parent() == null ? null : started.parent().instanceId());
			ps.setString(9, started.appId());
			ps.executeUpdate();
		}
		long visibleAt = started.scheduledStartTime() != null ? SqlInstants.micros(started.scheduledStartTime())
				: now;
		insertInbox(c, started.instanceId(), started.executionId(), started, visibleAt);
	}

	void insertInbox(Connection c, String instanceId, String executionId, HistoryEvent event, long visibleAt)
			throws SQLException {
		try (PreparedStatement ps = prepare(c,
				"INSERT INTO " + this.tables.inbox() + " (instance_id, execution_id, event, visible_at) VALUES (?, ?, ?, ?)")) {
			ps.setString(1, instanceId);
			ps.setString(2, executionId);
			ps.setString(3, BackendJson.write(event));
			ps.setLong(4, visibleAt);
			ps.executeUpdate();
		}
	}

	void deleteInbox(Connection c, List<Long> inboxIds) throws SQLException {
		if (inboxIds.isEmpty()) {
			return;
		}
		try (PreparedStatement ps = prepare(c, "DELETE FROM " + this.tables.inbox() + " WHERE id = ?")) {
			for (Long inboxId : inboxIds) {
				ps.setLong(1, inboxId);
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	private void deleteInstance(Connection c, String instanceId) throws SQLException {
		for (String name : new String[] { this.tables.history(), this.tables.inbox(), this.tables.activities(),
				this.tables.instances() }) {
			try (PreparedStatement ps = prepare(c, "DELETE FROM " + name + " WHERE instance_id = ?")) {
				ps.setString(1, instanceId);
				ps.executeUpdate();
			}
		}
	}

	/**
	 * The instance's status, or null if there is no instance; with {@code lock}, its row stays
	 * locked until the transaction ends, so an event added now queues behind a turn that is
	 * committing (keeping arrival order).
	 */
	WorkflowRuntimeStatus status(Connection c, String instanceId, boolean lock) throws SQLException {
		try (PreparedStatement ps = prepare(c, "SELECT status FROM " + this.tables.instances() + " WHERE instance_id = ?"
				+ (lock ? this.sql.dialect().forUpdate() : ""))) {
			ps.setString(1, instanceId);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? WorkflowRuntimeStatus.valueOf(rs.getString(1)) : null;
			}
		}
	}

}
