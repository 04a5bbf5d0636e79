package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.InstanceMessage;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.TimerRequest;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnResult;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * The SQL backend behind the {@code sqlite} and {@code jdbc} types: one implementation, with small
 * {@link SqlDialect dialects} for what differs, split along the flow of work: {@link ClaimStrategy
 * claims} chosen by the dialect, the {@link WorkflowQueue workflow} and {@link ActivityQueue
 * activity} queues with their leases, {@link InstanceQueries queries} and {@link WakeUps wake-ups}.
 * A workflow turn commits in one transaction, fenced by the lease token on the instance row;
 * activity results commit in one transaction fenced by the token on the activity row. What a
 * commit needs beyond the token travels in the work item, so several processes can share one
 * database and expired leases are taken over by any of them.
 */
public final class SqlWorkflowBackend implements WorkflowBackend {

	private static final Logger log = LoggerFactory.getLogger(SqlWorkflowBackend.class);

	/** Settings of the SQL backend. */
	record Settings(String tablePrefix, Duration workflowLockTimeout, Duration activityLockTimeout,
			Duration minPollInterval, Duration maxPollInterval, Duration statementTimeout) {
	}

	private final Database db;

	private final SqlDialect dialect;

	private final Settings settings;

	private final SqlTables tables;

	/** The table prefix, as the turn commit below splices it into its statements. */
	private final String p;

	private final String owner = UUID.randomUUID().toString();

	private final SqlAccess sql;

	private final WakeUps wakeUps;

	private final WorkflowQueue workflows;

	private final ActivityQueue activities;

	private final InstanceQueries queries;

	final WorkSignal workflowSignal;

	final WorkSignal activitySignal;

	private volatile boolean running;

	/**
	 * Test hook: run between reading claim candidates and the claiming update of the optimistic
	 * (SQLite, H2) workflow claim, so tests can force another worker's commit into that window.
	 */
	volatile Runnable workflowClaimHook;

	SqlWorkflowBackend(Database db, SqlDialect dialect, Settings settings, Clock clock, PostgresNotifier notifier) {
		this.db = db;
		this.dialect = dialect;
		this.settings = settings;
		this.tables = new SqlTables(settings.tablePrefix());
		this.p = settings.tablePrefix();
		this.sql = new SqlAccess(db, dialect, settings.statementTimeout(), clock);
		this.wakeUps = new WakeUps(this.owner, notifier, settings.minPollInterval(), settings.maxPollInterval());
		this.workflowSignal = this.wakeUps.workflowSignal;
		this.activitySignal = this.wakeUps.activitySignal;
		ClaimStrategy claims = dialect.claimStrategy(this.sql, this.tables, this.owner, this::beforeOptimisticClaim);
		this.workflows = new WorkflowQueue(this.sql, this.tables, claims, settings.workflowLockTimeout());
		this.activities = new ActivityQueue(this.sql, this.tables, claims, this.wakeUps, settings.activityLockTimeout());
		this.queries = new InstanceQueries(this.sql, this.tables);
	}

	private void beforeOptimisticClaim() {
		Runnable hook = this.workflowClaimHook;
		if (hook != null) {
			hook.run();
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.db.migrate("db/workflow/" + this.dialect.migrationFolder(), this.tables.schemaHistory(),
				this.tables.prefix());
		log.info("Workflow SQL backend on {} (tables '{}*', owner {})", this.dialect.name(), this.tables.prefix(),
				this.owner);
		this.wakeUps.start();
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.wakeUps.stop();
		try {
			this.db.close();
		}
		catch (Exception ex) {
			log.warn("Closing the workflow database failed: {}", ex.toString());
		}
	}

	@Override
	public Duration workflowLockTimeout() {
		return this.settings.workflowLockTimeout();
	}

	@Override
	public Duration activityLockTimeout() {
		return this.settings.activityLockTimeout();
	}

	/** A PostgreSQL notification of another process's commit. */
	void onNotify(String payload) {
		this.wakeUps.onNotify(payload);
	}

	/** Wakes this process's pollers. Called after a commit that added work. */
	private void announce(boolean workflowWork, boolean activityWork) {
		this.wakeUps.announce(WakeUp.kinds(workflowWork, activityWork));
	}

	/** Tells other processes, in the committing transaction, that work was added. */
	private void notifyOthers(Connection c, boolean workflowWork, boolean activityWork) throws SQLException {
		this.wakeUps.notifyOthers(c, WakeUp.kinds(workflowWork, activityWork));
	}

	private long now() {
		return this.sql.now();
	}

	/** See {@link SqlInstants#micros}; kept here for the JDBC actor store and the turn commit. */
	static long micros(Instant i) {
		return SqlInstants.micros(i);
	}

	/** See {@link SqlInstants#instant}; kept here for the JDBC actor store. */
	static Instant instant(long micros) {
		return SqlInstants.instant(micros);
	}

	/** Prepares a statement bounded by the statement timeout. */
	private PreparedStatement prepare(Connection c, String sql) throws SQLException {
		return this.sql.prepare(c, sql);
	}

	/**
	 * Runs work in one transaction.
	 * @param operation what the work does, for the message of a failure
	 */
	private <T> T tx(String operation, Database.Work<T> work) {
		return this.sql.transaction(operation, work);
	}

	// ---- writes

	@Override
	public boolean createWorkflowInstance(ExecutionStarted started, NewWorkflowOptions.ReusePolicy reusePolicy) {
		boolean created;
		for (int attempt = 1;; attempt++) {
			try {
				created = createOnce(started, reusePolicy);
				break;
			}
			catch (SqlBackendException ex) {
				// Concurrent creates of one id: the loser of the insert gets a duplicate key, and a
				// database may pick a deadlock or serialization victim. Deciding again sees the
				// winner's row and gives this caller its policy's answer instead of an SQL error.
				if (attempt >= CREATE_ATTEMPTS || !isConflict(ex)) {
					throw ex;
				}
				backOff(attempt);
			}
		}
		if (created) {
			announce(true, false);
		}
		return created;
	}

	private static final int CREATE_ATTEMPTS = 20;

	/** Whether a failure is a write conflict that a new attempt of the transaction resolves. */
	static boolean isConflict(SqlBackendException ex) {
		for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
			if (t instanceof SQLException sql) {
				String state = sql.getSQLState();
				// 23505 duplicate key, 40001 serialization failure (H2: deadlock), 40P01 deadlock
				if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
					return true;
				}
				// SQLite reports a duplicate key as SQLITE_CONSTRAINT (19) without an SQLState
				if (state == null && sql.getErrorCode() == 19 && String.valueOf(sql.getMessage()).contains("UNIQUE")) {
					return true;
				}
			}
		}
		return false;
	}

	private static void backOff(int attempt) {
		try {
			Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 10) * 5L));
		}
		catch (InterruptedException ie) {
			Thread.currentThread().interrupt();
			throw new SqlBackendException("Interrupted while retrying a conflicting create", ie);
		}
	}

	/**
	 * One attempt at creating: the existing row (if any) is locked first, so concurrent creators of
	 * one id queue behind each other instead of interleaving their deletes and inserts.
	 */
	private boolean createOnce(ExecutionStarted started, NewWorkflowOptions.ReusePolicy reusePolicy) {
		return tx("creating instance '" + started.instanceId() + "'", c -> {
			String status = status(c, started.instanceId(), true);
			if (status != null && !WorkflowRuntimeStatus.valueOf(status).isTerminal()) {
				switch (reusePolicy) {
					case ERROR -> throw new WorkflowInstanceExistsException(started.instanceId());
					case IGNORE -> {
						return false;
					}
					case TERMINATE -> {
						// replaced below
					}
				}
			}
			if (status != null) {
				deleteInstance(c, started.instanceId());
			}
			insertInstance(c, started);
			notifyOthers(c, true, false);
			return true;
		});
	}

	private void insertInstance(Connection c, ExecutionStarted started) throws SQLException {
		long now = now();
		try (PreparedStatement ps = prepare(c, "INSERT INTO " + this.p + "instances (instance_id, name, "
				+ "execution_id, status, created_at, updated_at, input, parent_instance_id, history_length, attempt) "
				+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
			ps.setString(1, started.instanceId());
			ps.setString(2, started.name());
			ps.setString(3, started.executionId());
			ps.setString(4, WorkflowRuntimeStatus.PENDING.name());
			ps.setLong(5, micros(started.timestamp()));
			ps.setLong(6, now);
			ps.setString(7, started.input());
			ps.setString(8, started.parent() == null ? null : started.parent().instanceId());
			ps.executeUpdate();
		}
		long visibleAt = started.scheduledStartTime() != null ? micros(started.scheduledStartTime()) : now;
		insertInbox(c, started.instanceId(), started.executionId(), started, visibleAt);
	}

	private void insertInbox(Connection c, String instanceId, String executionId, HistoryEvent event, long visibleAt)
			throws SQLException {
		try (PreparedStatement ps = prepare(c, 
				"INSERT INTO " + this.p + "inbox (instance_id, execution_id, event, visible_at) VALUES (?, ?, ?, ?)")) {
			ps.setString(1, instanceId);
			ps.setString(2, executionId);
			ps.setString(3, BackendJson.write(event));
			ps.setLong(4, visibleAt);
			ps.executeUpdate();
		}
	}

	private void deleteInstance(Connection c, String instanceId) throws SQLException {
		for (String table : new String[] { "history", "inbox", "activities", "instances" }) {
			try (PreparedStatement ps = prepare(c, "DELETE FROM " + this.p + table + " WHERE instance_id = ?")) {
				ps.setString(1, instanceId);
				ps.executeUpdate();
			}
		}
	}

	private String status(Connection c, String instanceId) throws SQLException {
		return status(c, instanceId, false);
	}

	/**
	 * The instance's status; with {@code lock}, its row stays locked until the transaction ends,
	 * so an event added now queues behind a turn that is committing (keeping arrival order).
	 */
	private String status(Connection c, String instanceId, boolean lock) throws SQLException {
		try (PreparedStatement ps = prepare(c, "SELECT status FROM " + this.p + "instances WHERE instance_id = ?"
				+ (lock ? this.dialect.forUpdate() : ""))) {
			ps.setString(1, instanceId);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? rs.getString(1) : null;
			}
		}
	}

	@Override
	public void addEvent(String instanceId, HistoryEvent event) {
		boolean added = tx("adding " + event.getClass().getSimpleName() + " to instance '" + instanceId + "'", c -> {
			String status = status(c, instanceId, true);
			if (status == null) {
				throw new WorkflowInstanceNotFoundException(instanceId);
			}
			if (WorkflowRuntimeStatus.valueOf(status).isTerminal()) {
				return false;
			}
			insertInbox(c, instanceId, null, event, now());
			notifyOthers(c, true, false);
			return true;
		});
		if (added) {
			announce(true, false);
		}
	}

	// ---- workflow work items

	@Override
	public WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait) throws InterruptedException {
		return this.wakeUps.poll(WakeUp.Kind.WORKFLOW, this.workflows::claim, maxWait, () -> this.running);
	}

	@Override
	public void completeWorkflowWorkItem(WorkflowWorkItem item, WorkflowTurnResult result) {
		if (!(item.claim() instanceof WorkflowClaim claim) || !claim.instanceId().equals(item.instanceId())) {
			throw lost(item); // not handed out by this backend
		}
		boolean[] work = new boolean[2];
		tx("committing the turn of instance '" + item.instanceId() + "'", c -> {
			commitTurn(c, item, claim, result, work);
			return null;
		});
		announce(work[0], work[1]);
	}

	private WorkItemLockLostException lost(WorkflowWorkItem item) {
		return WorkflowQueue.lockLost(item);
	}


	private void commitTurn(Connection c, WorkflowWorkItem item, WorkflowClaim claim, WorkflowTurnResult result,
			boolean[] work) throws SQLException {
		long now = now();
		String id = item.instanceId();
		// A run's end always appends ExecutionCompleted; an end that appends nothing is the engine's
		// answer for a run that had already ended.
		if (result.status().isTerminal() && !result.historyReset() && result.historyToAppend().isEmpty()) {
			dropConsumedEvents(c, item, claim);
			return;
		}
		int historyLength = result.historyReset() ? 0 : item.history().size() + result.historyToAppend().size();
		ExecutionStarted started = result.started();
		// The fence: only the holder of the current lease token changes the instance.
		try (PreparedStatement ps = prepare(c, "UPDATE " + this.p + "instances SET status = ?, updated_at = ?, "
				+ "output = ?, custom_status = ?, failure = ?, history_length = ?, name = COALESCE(?, name), "
				+ "execution_id = COALESCE(?, execution_id), input = CASE WHEN ? THEN ? ELSE input END, "
				+ "lock_token = NULL, lock_owner = NULL, lock_expires = NULL, attempt = 0 "
				+ "WHERE instance_id = ? AND lock_token = ?")) {
			ps.setString(1, result.status().name());
			ps.setLong(2, now);
			ps.setString(3, result.output());
			ps.setString(4, result.customStatus());
			ps.setString(5, BackendJson.write(result.failure()));
			ps.setInt(6, historyLength);
			ps.setString(7, started == null ? null : started.name());
			ps.setString(8, started == null ? null : started.executionId());
			ps.setBoolean(9, started != null);
			ps.setString(10, started == null ? null : started.input());
			ps.setString(11, id);
			ps.setString(12, item.lockToken());
			if (ps.executeUpdate() != 1) {
				throw lost(item);
			}
		}
		if (result.historyReset()) {
			try (PreparedStatement ps = prepare(c, "DELETE FROM " + this.p + "history WHERE instance_id = ?")) {
				ps.setString(1, id);
				ps.executeUpdate();
			}
		}
		else if (!result.historyToAppend().isEmpty()) {
			try (PreparedStatement ps = prepare(c, 
					"INSERT INTO " + this.p + "history (instance_id, seq, event) VALUES (?, ?, ?)")) {
				int seq = item.history().size();
				for (HistoryEvent e : result.historyToAppend()) {
					ps.setString(1, id);
					ps.setInt(2, seq++);
					ps.setString(3, BackendJson.write(e));
					ps.addBatch();
				}
				ps.executeBatch();
			}
		}
		if (result.status().isTerminal()) {
			try (PreparedStatement ps = prepare(c, "DELETE FROM " + this.p + "inbox WHERE instance_id = ?")) {
				ps.setString(1, id);
				ps.executeUpdate();
			}
		}
		else {
			deleteInbox(c, claim.inboxIds());
		}
		if (!result.activities().isEmpty()) {
			try (PreparedStatement ps = prepare(c, "INSERT INTO " + this.p + "activities (instance_id, "
					+ "execution_id, task_id, name, input, visible_at, attempt) VALUES (?, ?, ?, ?, ?, ?, 0)")) {
				for (ActivityRequest a : result.activities()) {
					ps.setString(1, a.instanceId());
					ps.setString(2, a.executionId());
					ps.setInt(3, a.taskId());
					ps.setString(4, a.name());
					ps.setString(5, a.input());
					ps.setLong(6, now);
					ps.addBatch();
				}
				ps.executeBatch();
			}
			work[1] = true;
		}
		for (TimerRequest t : result.timers()) {
			insertInbox(c, t.instanceId(), t.executionId(), t.event(), micros(t.fireAt()));
		}
		List<HistoryEvent> selfMessages = new ArrayList<>();
		for (InstanceMessage m : result.messages()) {
			if (m.event() instanceof ExecutionStarted es && !m.targetInstanceId().equals(id)) {
				String status = status(c, es.instanceId());
				if (status != null && !WorkflowRuntimeStatus.valueOf(status).isTerminal()) {
					continue; // already running: a repeated start of the same child
				}
				if (status != null) {
					deleteInstance(c, es.instanceId());
				}
				insertInstance(c, es);
			}
			else if (m.targetInstanceId().equals(id)) {
				selfMessages.add(m.event());
			}
			else {
				String status = status(c, m.targetInstanceId());
				if (status != null && !WorkflowRuntimeStatus.valueOf(status).isTerminal()) {
					insertInbox(c, m.targetInstanceId(), m.targetExecutionId(), m.event(), now);
				}
			}
			work[0] = true;
		}
		if (!selfMessages.isEmpty()) {
			startNextRun(c, id, selfMessages);
		}
		if (!result.status().isTerminal() && !result.timers().isEmpty()) {
			work[0] = true;
		}
		notifyOthers(c, work[0], work[1]);
	}

	/**
	 * Commits a turn that ends the run but records nothing (the engine's answer for a run that had
	 * already ended): releases the lease and deletes the consumed events, leaving status, output
	 * and custom status as the run's real end wrote them.
	 */
	private void dropConsumedEvents(Connection c, WorkflowWorkItem item, WorkflowClaim claim) throws SQLException {
		try (PreparedStatement ps = prepare(c, "UPDATE " + this.p + "instances SET lock_token = NULL, "
				+ "lock_owner = NULL, lock_expires = NULL, attempt = 0 WHERE instance_id = ? AND lock_token = ?")) {
			ps.setString(1, item.instanceId());
			ps.setString(2, item.lockToken());
			if (ps.executeUpdate() != 1) {
				throw lost(item);
			}
		}
		deleteInbox(c, claim.inboxIds());
	}

	private void deleteInbox(Connection c, List<Long> inboxIds) throws SQLException {
		if (inboxIds.isEmpty()) {
			return;
		}
		try (PreparedStatement ps = prepare(c, "DELETE FROM " + this.p + "inbox WHERE id = ?")) {
			for (Long inboxId : inboxIds) {
				ps.setLong(1, inboxId);
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	/**
	 * Queues the first events of a continued-as-new run ahead of events that arrived during the
	 * turn, so the new run sees events in the order they were received.
	 */
	private void startNextRun(Connection c, String id, List<HistoryEvent> first) throws SQLException {
		record Row(long id, String executionId, String event, long visibleAt) {
		}
		List<Row> later = new ArrayList<>();
		try (PreparedStatement ps = prepare(c, 
				"SELECT id, execution_id, event, visible_at FROM " + this.p + "inbox WHERE instance_id = ? ORDER BY id")) {
			ps.setString(1, id);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					later.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
				}
			}
		}
		// Only the rows read above move behind the new run's first events; a row that arrives
		// meanwhile is never deleted.
		try (PreparedStatement ps = prepare(c, "DELETE FROM " + this.p + "inbox WHERE id = ?")) {
			for (Row r : later) {
				ps.setLong(1, r.id());
				ps.addBatch();
			}
			ps.executeBatch();
		}
		long now = now();
		for (HistoryEvent e : first) {
			insertInbox(c, id, null, e, now);
		}
		try (PreparedStatement ps = prepare(c, 
				"INSERT INTO " + this.p + "inbox (instance_id, execution_id, event, visible_at) VALUES (?, ?, ?, ?)")) {
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

	@Override
	public void abandonWorkflowWorkItem(WorkflowWorkItem item, Duration retryAfter) {
		this.workflows.abandon(item, retryAfter);
	}

	@Override
	public void renewWorkflowWorkItem(WorkflowWorkItem item) {
		this.workflows.renew(item);
	}

	// ---- activity work items

	@Override
	public ActivityWorkItem nextActivityWorkItem(Duration maxWait) throws InterruptedException {
		return this.wakeUps.poll(WakeUp.Kind.ACTIVITY, this.activities::claim, maxWait, () -> this.running);
	}

	@Override
	public void completeActivityWorkItem(ActivityWorkItem item, HistoryEvent result) {
		this.activities.complete(item, result);
	}

	@Override
	public void abandonActivityWorkItem(ActivityWorkItem item, Duration retryAfter) {
		this.activities.abandon(item, retryAfter);
	}

	@Override
	public void renewActivityWorkItem(ActivityWorkItem item) {
		this.activities.renew(item);
	}

	// ---- queries

	/** One trivial statement through the backend's connections: the database answers. */
	@Override
	public void ping() {
		this.db.ping("Workflow database ping failed on " + this.dialect.name());
	}

	@Override
	public InstanceMetadata getInstance(String instanceId) {
		return this.queries.getInstance(instanceId);
	}

	@Override
	public List<HistoryEvent> getHistory(String instanceId) {
		return this.queries.getHistory(instanceId);
	}

	@Override
	public InstancePage listInstances(WorkflowQuery q) {
		return this.queries.listInstances(q);
	}


	@Override
	public boolean purgeInstance(String instanceId) {
		return tx("purging instance '" + instanceId + "'", c -> {
			String status = status(c, instanceId);
			if (status == null) {
				return false;
			}
			if (!WorkflowRuntimeStatus.valueOf(status).isTerminal()) {
				throw new IllegalStateException("Workflow instance '" + instanceId + "' is " + status
						+ "; only a finished instance can be purged (terminate it first)");
			}
			deleteInstance(c, instanceId);
			return true;
		});
	}

}
