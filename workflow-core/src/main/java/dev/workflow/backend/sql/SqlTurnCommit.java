package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.BackendErrors;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.OutboundMessage;
import dev.workflow.backend.TimerRequest;
import dev.workflow.backend.TurnRules;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Stores one workflow turn in the caller's transaction, fenced by the lease token on the instance
 * row: the instance update, the history, the consumed inbox rows, activity rows, timers (inbox rows
 * visible at their fire time), the outbox and the next run. Decides nothing the commit does not
 * say; the rules are those of {@link dev.workflow.backend.WorkflowBackend#completeWorkflowWorkItem}.
 */
final class SqlTurnCommit {

	/**
	 * Which queues got work, so the backend wakes their pollers after the transaction.
	 * @param workflowWork whether a workflow instance got events
	 * @param activityWork whether activity calls were added
	 * @param state the instance as an ending turn left it, when the commit read it back without a
	 * statement of its own; null otherwise
	 */
	record Added(boolean workflowWork, boolean activityWork, InstanceMetadata state) {

		Added(boolean workflowWork, boolean activityWork) {
			this(workflowWork, activityWork, null);
		}

	}

	private final SqlInstanceRows rows;

	SqlTurnCommit(SqlInstanceRows rows) {
		this.rows = rows;
	}

	/**
	 * Stores the turn.
	 * @param inboxIds the inbox rows the work item consumed
	 * @param now the commit time in microseconds
	 * @throws dev.workflow.backend.WorkItemLockLostException if the lease token no longer matches
	 */
	Added store(Connection c, WorkflowWorkItem item, List<Long> inboxIds, WorkflowTurnCommit commit, long now)
			throws SQLException {
		String id = item.instanceId();
		if (commit.consumesOnly()) {
			releaseAndConsume(c, item, inboxIds);
			return new Added(false, false);
		}
		boolean movesOn = TurnRules.movesTheRunOn(commit.status());
		InstanceMetadata[] state = new InstanceMetadata[1];
		if (!storeInOneStatement(c, item, inboxIds, commit, now, movesOn, state)) {
			if (!updateInstance(c, item, commit, now, movesOn, state)) {
				// the row reads SUSPENDED while this turn moves the run on: see whether that suspend came
				// after the claim; if so, drop the turn (TurnRules.yieldsToLaterSuspend), else store it
				if (yieldToLaterSuspend(c, item, inboxIds, commit)) {
					return new Added(true, false);
				}
				updateInstance(c, item, commit, now, false, state);
			}
			if (commit.historyReset()) {
				try (PreparedStatement ps = this.rows.prepare(c,
						"DELETE FROM " + this.rows.tables().history() + " WHERE instance_id = ?")) {
					ps.setString(1, id);
					ps.executeUpdate();
				}
			}
			else {
				appendHistory(c, item, commit.historyToAppend());
			}
			consumeInbox(c, id, inboxIds, commit);
		}
		insertActivities(c, commit.activities(), now);
		for (TimerRequest t : commit.timers()) {
			this.rows.insertInbox(c, t.instanceId(), t.executionId(), t.event(), SqlInstants.micros(t.fireAt()));
		}
		for (OutboundMessage m : commit.outbox()) {
			send(c, m, now);
		}
		if (commit.nextRun() != null) {
			startNextRun(c, id, commit.nextRun().firstEvents(), now);
		}
		boolean workflowWork = !commit.outbox().isEmpty() || commit.nextRun() != null
				|| (!commit.status().isTerminal() && !commit.timers().isEmpty());
		return new Added(workflowWork, !commit.activities().isEmpty(), state[0]);
	}

	/** Deletes the consumed inbox rows; all of them when the run ended. */
	private void consumeInbox(Connection c, String id, List<Long> inboxIds, WorkflowTurnCommit commit)
			throws SQLException {
		if (commit.status().isTerminal()) {
			try (PreparedStatement ps = this.rows.prepare(c,
					"DELETE FROM " + this.rows.tables().inbox() + " WHERE instance_id = ?")) {
				ps.setString(1, id);
				ps.executeUpdate();
			}
		}
		else {
			this.rows.deleteInbox(c, inboxIds);
		}
	}

	/** The most history rows {@link #storeInOneStatement} writes; a longer turn takes the separate statements. */
	private static final int ONE_STATEMENT_HISTORY = 256;

	/**
	 * Where the database writes several tables in one statement (PostgreSQL): the fenced instance
	 * update, the history append and the deletion of the consumed inbox rows in one round trip, the
	 * last two only if the update took place. When it did not (a lost lease, or a SUSPENDED row
	 * that {@code unlessSuspended} leaves alone), nothing is written and the caller takes the path
	 * of separate statements, which tells those cases apart. A turn that ends the run reads the
	 * row back from the update, for waiting clients of this process.
	 * @param state where the row as the update left it goes, for a turn that ends the run
	 * @return true if the three writes were made
	 */
	private boolean storeInOneStatement(Connection c, WorkflowWorkItem item, List<Long> inboxIds,
			WorkflowTurnCommit commit, long now, boolean unlessSuspended, InstanceMetadata[] state)
			throws SQLException {
		List<HistoryEvent> append = commit.historyToAppend();
		if (!this.rows.writesInOneStatement() || commit.historyReset() || append.size() > ONE_STATEMENT_HISTORY
				|| inboxIds.size() > ONE_STATEMENT_HISTORY) {
			return false;
		}
		boolean terminal = commit.status().isTerminal();
		StringBuilder q = new StringBuilder("WITH u AS (").append(updateSql(unlessSuspended))
			.append(" RETURNING ").append(terminal ? InstanceQueries.COLUMNS : "instance_id").append(")");
		if (!append.isEmpty()) {
			q.append(", h AS (INSERT INTO ").append(this.rows.tables().history())
				.append(" (instance_id, seq, event) SELECT u.instance_id, v.seq, v.event FROM u, (VALUES (?, ?)")
				.append(", (?, ?)".repeat(append.size() - 1))
				.append(") AS v(seq, event))");
		}
		if (terminal || !inboxIds.isEmpty()) {
			q.append(", d AS (DELETE FROM ").append(this.rows.tables().inbox()).append(terminal ? " WHERE instance_id = ?"
					: " WHERE id IN (?" + ", ?".repeat(inboxIds.size() - 1) + ")")
				.append(" AND EXISTS (SELECT 1 FROM u))");
		}
		q.append(terminal ? " SELECT " + InstanceQueries.COLUMNS + " FROM u" : " SELECT count(*) FROM u");
		try (PreparedStatement ps = this.rows.prepare(c, q.toString())) {
			int i = bindUpdate(ps, item, commit, now);
			int seq = item.history().size();
			for (HistoryEvent e : append) {
				ps.setInt(i++, seq++);
				ps.setString(i++, BackendJson.write(e));
			}
			if (terminal) {
				ps.setString(i, item.instanceId());
			}
			else {
				for (Long inboxId : inboxIds) {
					ps.setLong(i++, inboxId);
				}
			}
			try (ResultSet rs = ps.executeQuery()) {
				if (terminal) {
					if (!rs.next()) {
						return false;
					}
					state[0] = InstanceQueries.metadata(rs);
					return true;
				}
				return rs.next() && rs.getInt(1) == 1;
			}
		}
	}

	/** The fenced update of the instance row at the end of a turn, parameters as {@link #bindUpdate} binds them. */
	private String updateSql(boolean unlessSuspended) {
		// name, execution id and input change only with a run, as TurnRules.metadataAfter says
		// TurnRules.statusOnCommit in SQL: while the run goes on, the row's RUNNING or SUSPENDED
		// (set by client suspends and resumes, also those the turn did not see) stays
		return "UPDATE " + this.rows.tables().instances() + " SET status = "
				+ "CASE WHEN status IN ('RUNNING', 'SUSPENDED') AND ? IN ('RUNNING', 'SUSPENDED') THEN status ELSE ? END, "
				+ "updated_at = ?, output = ?, custom_status = ?, failure = ?, history_length = ?, "
				+ "name = COALESCE(?, name), execution_id = COALESCE(?, execution_id), "
				+ "input = CASE WHEN ? THEN ? ELSE input END, "
				+ "lock_token = NULL, lock_owner = NULL, lock_expires = NULL, attempt = 0 "
				+ "WHERE instance_id = ? AND lock_token = ?" + (unlessSuspended ? " AND status <> 'SUSPENDED'" : "");
	}

	/** Binds the parameters of {@link #updateSql}; returns the next parameter index. */
	private static int bindUpdate(PreparedStatement ps, WorkflowWorkItem item, WorkflowTurnCommit commit, long now)
			throws SQLException {
		int historyLength = commit.historyReset() ? 0 : item.history().size() + commit.historyToAppend().size();
		ExecutionStarted run = commit.started();
		WorkflowTurnCommit.InstanceUpdate u = commit.update();
		int i = 1;
		ps.setString(i++, u.status().name());
		ps.setString(i++, u.status().name());
		ps.setLong(i++, now);
		ps.setString(i++, u.output());
		ps.setString(i++, u.customStatus());
		ps.setString(i++, BackendJson.write(u.failure()));
		ps.setInt(i++, historyLength);
		ps.setString(i++, run == null ? null : run.name());
		ps.setString(i++, run == null ? null : run.executionId());
		ps.setBoolean(i++, run != null);
		ps.setString(i++, run == null ? null : run.input());
		ps.setString(i++, item.instanceId());
		ps.setString(i++, item.lockToken());
		return i;
	}

	/**
	 * The fence: only the holder of the current lease token changes the instance.
	 * @param unlessSuspended whether to leave a SUSPENDED row alone (and return false) so the caller
	 * can check for a suspend that came after the claim
	 * @return true if updated, false if left alone for being SUSPENDED (or for a lost lease, which
	 * the caller's second try reports)
	 * @throws dev.workflow.backend.WorkItemLockLostException if the lease was lost (not unlessSuspended)
	 */
	private boolean updateInstance(Connection c, WorkflowWorkItem item, WorkflowTurnCommit commit, long now,
			boolean unlessSuspended, InstanceMetadata[] state) throws SQLException {
		// an ending turn reads the row back from the update where the database can (RETURNING)
		boolean readBack = commit.status().isTerminal() && this.rows.updatesReturning();
		try (PreparedStatement ps = this.rows.prepare(c,
				updateSql(unlessSuspended) + (readBack ? " RETURNING " + InstanceQueries.COLUMNS : ""))) {
			bindUpdate(ps, item, commit, now);
			boolean updated;
			if (readBack) {
				try (ResultSet rs = ps.executeQuery()) {
					updated = rs.next();
					if (updated) {
						state[0] = InstanceQueries.metadata(rs);
					}
				}
			}
			else {
				updated = ps.executeUpdate() == 1;
			}
			if (updated) {
				return true;
			}
			if (unlessSuspended) {
				return false;
			}
			throw BackendErrors.workflowLeaseLost(item.instanceId());
		}
	}

	/**
	 * Drops the turn if a suspend came after its claim: releases the lease and leaves the inbox,
	 * so the next turn takes the same events with the suspend.
	 * @return true if dropped, false if no suspend came after the claim
	 */
	private boolean yieldToLaterSuspend(Connection c, WorkflowWorkItem item, List<Long> inboxIds,
			WorkflowTurnCommit commit) throws SQLException {
		Set<Long> consumed = new HashSet<>(inboxIds);
		List<HistoryEvent> later = new ArrayList<>();
		try (PreparedStatement ps = this.rows.prepare(c, "SELECT id, event FROM " + this.rows.tables().inbox()
				+ " WHERE instance_id = ? ORDER BY id")) {
			ps.setString(1, item.instanceId());
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					if (!consumed.contains(rs.getLong(1))) {
						later.add(BackendJson.read(rs.getString(2), HistoryEvent.class));
					}
				}
			}
		}
		if (!TurnRules.yieldsToLaterSuspend(commit.status(), later)) {
			return false;
		}
		try (PreparedStatement ps = this.rows.prepare(c, "UPDATE " + this.rows.tables().instances()
				+ " SET lock_token = NULL, lock_owner = NULL, lock_expires = NULL WHERE instance_id = ? AND lock_token = ?")) {
			ps.setString(1, item.instanceId());
			ps.setString(2, item.lockToken());
			if (ps.executeUpdate() != 1) {
				throw BackendErrors.workflowLeaseLost(item.instanceId());
			}
		}
		return true;
	}

	/** The most rows one multi-row insert carries. */
	private static final int ROWS_PER_INSERT = 64;

	/** Appends the events with one multi-row insert (per {@link #ROWS_PER_INSERT}), not one insert each. */
	private void appendHistory(Connection c, WorkflowWorkItem item, List<HistoryEvent> events) throws SQLException {
		int seq = item.history().size();
		for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
			List<HistoryEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT));
			StringBuilder insert = new StringBuilder("INSERT INTO ").append(this.rows.tables().history())
				.append(" (instance_id, seq, event) VALUES (?, ?, ?)");
			for (int i = 1; i < chunk.size(); i++) {
				insert.append(", (?, ?, ?)");
			}
			try (PreparedStatement ps = this.rows.prepare(c, insert.toString())) {
				int p = 1;
				for (HistoryEvent e : chunk) {
					ps.setString(p++, item.instanceId());
					ps.setInt(p++, seq++);
					ps.setString(p++, BackendJson.write(e));
				}
				ps.executeUpdate();
			}
		}
	}

	private void insertActivities(Connection c, List<ActivityRequest> activities, long now) throws SQLException {
		if (activities.isEmpty()) {
			return;
		}
		try (PreparedStatement ps = this.rows.prepare(c, "INSERT INTO " + this.rows.tables().activities()
				+ " (instance_id, execution_id, task_id, name, input, visible_at, attempt, app_id, trace_parent, trace_state) "
				+ "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
			for (ActivityRequest a : activities) {
				ps.setString(1, a.instanceId());
				ps.setString(2, a.executionId());
				ps.setInt(3, a.taskId());
				ps.setString(4, a.name());
				ps.setString(5, a.input());
				ps.setLong(6, now);
				ps.setString(7, a.appId());
				ps.setString(8, a.traceParent());
				ps.setString(9, a.traceState());
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	/** Delivers one outbound message in the same transaction, per its type's contract. */
	private void send(Connection c, OutboundMessage message, long now) throws SQLException {
		if (message instanceof OutboundMessage.StartChild start) {
			this.rows.startChild(c, start.started(), now);
		}
		else if (message instanceof OutboundMessage.SendEvent send) {
			addIfUnfinished(c, send.targetInstanceId(), send.targetExecutionId(), send.event(), now);
		}
		else if (message instanceof OutboundMessage.TerminateChild terminate) {
			addIfUnfinished(c, terminate.targetInstanceId(), null, terminate.event(), now);
		}
	}

	/** The claim drops an event for an earlier run (TurnRules.acceptsEvent), so it is stored with its run. */
	private void addIfUnfinished(Connection c, String instanceId, String executionId, HistoryEvent event, long now)
			throws SQLException {
		WorkflowRuntimeStatus status = this.rows.status(c, instanceId, false);
		if (status != null && !status.isTerminal()) {
			this.rows.insertInbox(c, instanceId, executionId, event, now);
		}
	}

	/**
	 * Commits a turn that only consumes its events (the run had already ended): releases the lease
	 * and deletes the consumed events, leaving status, output and custom status as the run's real
	 * end wrote them.
	 */
	private void releaseAndConsume(Connection c, WorkflowWorkItem item, List<Long> inboxIds) throws SQLException {
		try (PreparedStatement ps = this.rows.prepare(c, "UPDATE " + this.rows.tables().instances() + " SET lock_token = NULL, "
				+ "lock_owner = NULL, lock_expires = NULL, attempt = 0 WHERE instance_id = ? AND lock_token = ?")) {
			ps.setString(1, item.instanceId());
			ps.setString(2, item.lockToken());
			if (ps.executeUpdate() != 1) {
				throw BackendErrors.workflowLeaseLost(item.instanceId());
			}
		}
		this.rows.deleteInbox(c, inboxIds);
	}

	/**
	 * Queues the first events of a continued-as-new run ahead of events that arrived during the
	 * turn, so the new run sees events in the order they were received.
	 */
	private void startNextRun(Connection c, String id, List<HistoryEvent> first, long now) throws SQLException {
		record Row(long id, String executionId, String event, long visibleAt) {
		}
		String inbox = this.rows.tables().inbox();
		List<Row> later = new ArrayList<>();
		try (PreparedStatement ps = this.rows.prepare(c,
				"SELECT id, execution_id, event, visible_at FROM " + inbox + " WHERE instance_id = ? ORDER BY id")) {
			ps.setString(1, id);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					later.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
				}
			}
		}
		// Only the rows read above move behind the new run's first events; a row that arrives
		// meanwhile is never deleted.
		this.rows.deleteInbox(c, later.stream().map(Row::id).toList());
		for (HistoryEvent e : first) {
			this.rows.insertInbox(c, id, null, e, now);
		}
		if (later.isEmpty()) {
			return;
		}
		try (PreparedStatement ps = this.rows.prepare(c,
				"INSERT INTO " + inbox + " (instance_id, execution_id, event, visible_at) VALUES (?, ?, ?, ?)")) {
			for (Row r : later) {
				ps.setString(1, id);
				ps.setString(2, r.executionId());
				ps.setString(3, r.event());
				ps.setLong(4, r.visibleAt());
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

}
