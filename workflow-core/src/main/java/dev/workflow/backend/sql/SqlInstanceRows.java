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

	/** Whether an update can return the rows it changed ({@link SqlDialect#updatesReturning}). */
	boolean updatesReturning() {
		return this.sql.dialect().updatesReturning();
	}

	/** Whether the database writes several tables in one statement ({@link SqlDialect#writesInOneStatement}). */
	boolean writesInOneStatement() {
		return this.sql.dialect().writesInOneStatement();
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
	 * A lease written with a new instance row: its first turn belongs to the creating process
	 * ({@link LocalStarts}).
	 * @param token the lease token
	 * @param owner the owning process
	 * @param expires when the lease runs out, in microseconds
	 */
	record FirstLease(String token, String owner, long expires) {
	}

	/**
	 * Creates an instance as its reuse policy decides. The existing row (if any) is locked first, so
	 * concurrent creators of one id queue behind each other instead of interleaving their deletes
	 * and inserts.
	 * @param lease the lease of its first turn, or null for a row any poller may claim
	 * @return -1 if the existing instance was kept, else (created or replaced) with a lease the id
	 * of the start event's inbox row, without one 0
	 */
	long create(Connection c, ExecutionStarted started, NewWorkflowOptions.ReusePolicy policy, long now,
			FirstLease lease) throws SQLException {
		if (this.sql.dialect().insertsOrIgnores()) {
			// a new id (the usual case) needs no read first; an existing row (or one a concurrent
			// creator has not committed yet, whose outcome the insert waits for) is decided below
			long inboxId = insertInstance(c, started, now, lease, true);
			if (inboxId != EXISTS) {
				return inboxId;
			}
		}
		InstanceReuse decision = InstanceReuse.decide(started.instanceId(), status(c, started.instanceId(), true),
				policy);
		return apply(c, decision, started, now, lease);
	}

	/** Starts a child workflow per {@link InstanceReuse#forChildStart}. */
	void startChild(Connection c, ExecutionStarted started, long now) throws SQLException {
		apply(c, InstanceReuse.forChildStart(status(c, started.instanceId(), false)), started, now, null);
	}

	private long apply(Connection c, InstanceReuse decision, ExecutionStarted started, long now, FirstLease lease)
			throws SQLException {
		if (decision == InstanceReuse.KEEP) {
			return -1;
		}
		if (decision == InstanceReuse.REPLACE) {
			deleteInstance(c, started.instanceId());
		}
		return insertInstance(c, started, now, lease, false);
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

	/** What {@link #insertInstance} returns when {@code unlessExists} found the id taken. */
	private static final long EXISTS = -2;

	/**
	 * @param unlessExists whether to insert nothing (and return {@link #EXISTS}) if the id is taken
	 * @return with a lease the id of the start event's inbox row, else 0
	 */
	private long insertInstance(Connection c, ExecutionStarted started, long now, FirstLease lease,
			boolean unlessExists) throws SQLException {
		String insert = "INSERT INTO " + this.tables.instances() + " (instance_id, name, execution_id, status, "
				+ "created_at, updated_at, input, parent_instance_id, history_length, attempt, app_id, lock_token, "
				+ "lock_owner, lock_expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)"
				+ (unlessExists ? " ON CONFLICT (instance_id) DO NOTHING" : "");
		long visibleAt = started.scheduledStartTime() != null ? SqlInstants.micros(started.scheduledStartTime())
				: now;
		if (this.sql.dialect().writesInOneStatement()) {
			// the instance row and the start event in one round trip; no start event without a new row
			try (PreparedStatement ps = prepare(c, "WITH i AS (" + insert + " RETURNING instance_id) INSERT INTO "
					+ this.tables.inbox() + " (instance_id, execution_id, event, visible_at) SELECT instance_id, ?, ?, ? "
					+ "FROM i RETURNING id")) {
				int next = bindInstance(ps, started, now, lease);
				ps.setString(next++, started.executionId());
				ps.setString(next++, BackendJson.write(started));
				ps.setLong(next, visibleAt);
				try (ResultSet rs = ps.executeQuery()) {
					if (!rs.next()) {
						return EXISTS;
					}
					return lease == null ? 0 : rs.getLong(1);
				}
			}
		}
		try (PreparedStatement ps = prepare(c, insert)) {
			bindInstance(ps, started, now, lease);
			if (ps.executeUpdate() == 0) {
				return EXISTS;
			}
		}
		if (lease == null) {
			insertInbox(c, started.instanceId(), started.executionId(), started, visibleAt);
			return 0;
		}
		return insertInboxReturningId(c, started.instanceId(), started.executionId(), started, visibleAt);
	}

	/** Binds the values of a new instance row; returns the next parameter index. */
	private static int bindInstance(PreparedStatement ps, ExecutionStarted started, long now, FirstLease lease)
			throws SQLException {
		ps.setString(1, started.instanceId());
		ps.setString(2, started.name());
		ps.setString(3, started.executionId());
		ps.setString(4, WorkflowRuntimeStatus.PENDING.name());
		ps.setLong(5, SqlInstants.micros(started.timestamp()));
		ps.setLong(6, now);
		ps.setString(7, started.input());
		ps.setString(8, started.parent() == null ? null : started.parent().instanceId());
		ps.setInt(9, lease == null ? 0 : 1); // a leased first turn is its first hand-out
		ps.setString(10, started.appId());
		ps.setString(11, lease == null ? null : lease.token());
		ps.setString(12, lease == null ? null : lease.owner());
		if (lease == null) {
			ps.setNull(13, java.sql.Types.BIGINT);
		}
		else {
			ps.setLong(13, lease.expires());
		}
		return 14;
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

	/** {@link #insertInbox}, reading the new row's id. */
	private long insertInboxReturningId(Connection c, String instanceId, String executionId, HistoryEvent event,
			long visibleAt) throws SQLException {
		String insert = "INSERT INTO " + this.tables.inbox() + " (instance_id, execution_id, event, visible_at) "
				+ "VALUES (?, ?, ?, ?)";
		// RETURNING where the database has it: generated keys would cost SQLite a second statement
		boolean returning = this.sql.dialect().updatesReturning();
		try (PreparedStatement ps = returning ? prepare(c, insert + " RETURNING id")
				: this.sql.prepareReturningId(c, insert)) {
			ps.setString(1, instanceId);
			ps.setString(2, executionId);
			ps.setString(3, BackendJson.write(event));
			ps.setLong(4, visibleAt);
			ResultSet keys;
			if (returning) {
				keys = ps.executeQuery();
			}
			else {
				ps.executeUpdate();
				keys = ps.getGeneratedKeys();
			}
			try (keys) {
				if (!keys.next()) {
					throw new SQLException("The database returned no id for the new inbox row of instance '"
							+ instanceId + "'");
				}
				return keys.getLong(1);
			}
		}
	}

	/** Deletes inbox rows by id, with one statement for up to 64 of them. */
	void deleteInbox(Connection c, List<Long> inboxIds) throws SQLException {
		for (int from = 0; from < inboxIds.size(); from += 64) {
			List<Long> chunk = inboxIds.subList(from, Math.min(inboxIds.size(), from + 64));
			StringBuilder delete = new StringBuilder("DELETE FROM ").append(this.tables.inbox()).append(" WHERE id ");
			delete.append(chunk.size() == 1 ? "= ?" : "IN (?" + ", ?".repeat(chunk.size() - 1) + ")");
			try (PreparedStatement ps = prepare(c, delete.toString())) {
				for (int i = 0; i < chunk.size(); i++) {
					ps.setLong(i + 1, chunk.get(i));
				}
				ps.executeUpdate();
			}
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
