package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.FailureDetails;
import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.BackendErrors;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.ContinuationToken;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.WorkItemLockLostException;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.backend.WorkflowWorkItem;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * The SQL backend behind the {@code sqlite} and {@code jdbc} types: one implementation, with small
 * {@link SqlDialect dialects} for what differs. A workflow turn commits in one transaction, fenced
 * by the lease token on the instance row; activity results commit in one transaction fenced by the
 * token on the activity row. Work is claimed by leases (PostgreSQL with
 * {@code FOR UPDATE SKIP LOCKED}, the others with a guarded update), so several processes can
 * share one database; expired leases are taken over by any of them.
 */
public final class SqlWorkflowBackend implements WorkflowBackend {

	private static final Logger log = LoggerFactory.getLogger(SqlWorkflowBackend.class);

	private static final String TERMINAL = "('COMPLETED', 'FAILED', 'TERMINATED', 'CANCELED')";

	/** Settings of the SQL backend. */
	record Settings(String tablePrefix, Duration workflowLockTimeout, Duration activityLockTimeout,
			Duration minPollInterval, Duration maxPollInterval, Duration statementTimeout) {
	}

	private record WorkflowClaim(String instanceId, List<Long> inboxIds) {
	}

	private final Database db;

	private final SqlDialect dialect;

	private final Settings settings;

	private final String p;

	private final Clock clock;

	private final String owner = UUID.randomUUID().toString();

	final WorkSignal workflowSignal = new WorkSignal();

	final WorkSignal activitySignal = new WorkSignal();

	private final Map<String, WorkflowClaim> workflowClaims = new ConcurrentHashMap<>();

	private final Map<String, Long> activityClaims = new ConcurrentHashMap<>();

	private final PostgresNotifier notifier;

	private volatile boolean running;

	/** Instance rows: creates, replaces, purges, inbox rows. */
	private final SqlInstanceRows rows;

	/** Stores workflow turns. */
	private final SqlTurnCommit turns;

	/**
	 * The statement timeout as a JDBC query timeout, in whole seconds (rounded up: JDBC counts
	 * seconds); 0 for SQLite, whose waits are bounded by its busy timeout.
	 */
	private final int queryTimeoutSeconds;

	/**
	 * Test hook: run between reading claim candidates and the claiming update of the optimistic
	 * (SQLite, H2) workflow claim, so tests can force another worker's commit into that window.
	 */
	volatile Runnable workflowClaimHook;

	SqlWorkflowBackend(Database db, SqlDialect dialect, Settings settings, Clock clock, PostgresNotifier notifier) {
		this.db = db;
		this.dialect = dialect;
		this.settings = settings;
		this.p = settings.tablePrefix();
		this.clock = clock;
		this.notifier = notifier;
		long millis = settings.statementTimeout().toMillis();
		this.queryTimeoutSeconds = dialect.singleConnection() ? 0 : (int) Math.max(1, (millis + 999) / 1000);
		this.rows = new SqlInstanceRows(this::prepare, dialect, this.p);
		this.turns = new SqlTurnCommit(this.rows);
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		try {
			this.db.reopen(); // after a stop(): a new pool or connection in place of the closed one
		}
		catch (SQLException ex) {
			throw new SqlBackendException("Cannot reopen the workflow database on " + this.dialect.name() + ": "
					+ ex.getMessage(), ex);
		}
		this.db.migrate("db/workflow/" + this.dialect.migrationFolder(), this.p + "schema_history", this.p);
		log.info("Workflow SQL backend on {} (tables '{}*', owner {})", this.dialect.name(), this.p, this.owner);
		if (this.notifier != null) {
			this.notifier.start(this::onNotify);
		}
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		if (this.notifier != null) {
			this.notifier.close();
		}
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

	void onNotify(String payload) {
		if (payload.startsWith(this.owner)) {
			return; // our own commit: local pollers were woken already
		}
		// The payload is "<owner uuid>:<kinds>"; only the kinds after the last ':' count (the uuid
		// itself is hex and nearly always holds an 'a').
		String kinds = payload.substring(payload.lastIndexOf(':') + 1);
		if (kinds.indexOf('w') >= 0) {
			this.workflowSignal.signal();
		}
		if (kinds.indexOf('a') >= 0) {
			this.activitySignal.signal();
		}
	}

	/** Wakes this process's pollers. Called after a commit that added work. */
	private void announce(boolean workflowWork, boolean activityWork) {
		if (workflowWork) {
			this.workflowSignal.signal();
		}
		if (activityWork) {
			this.activitySignal.signal();
		}
	}

	/** Tells other processes, in the committing transaction, that work was added. */
	private void notifyOthers(Connection c, boolean workflowWork, boolean activityWork) throws SQLException {
		if (this.notifier != null && (workflowWork || activityWork)) {
			this.notifier.notifyInTransaction(c, this.owner + ":" + (workflowWork ? "w" : "") + (activityWork ? "a" : ""));
		}
	}

	/** The latest instant stored as such; later ones (Instant.MAX, year 300000) are stored as this. */
	static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

	/** The earliest instant stored as such; earlier ones are stored as this. */
	static final Instant FIRST_INSTANT = Instant.parse("-9999-01-01T00:00:00Z");

	private static final long LAST_MICROS = exactMicros(LAST_INSTANT);

	private static final long FIRST_MICROS = exactMicros(FIRST_INSTANT);

	/**
	 * An instant as microseconds since the epoch, the form every dialect stores (BIGINT) and
	 * compares. Instants outside years -9999..9999 are clamped, so they keep their order instead of
	 * overflowing into the past (a far timer firing at once).
	 */
	static long micros(Instant i) {
		if (i.isAfter(LAST_INSTANT)) {
			return LAST_MICROS;
		}
		if (i.isBefore(FIRST_INSTANT)) {
			return FIRST_MICROS;
		}
		return exactMicros(i);
	}

	private static long exactMicros(Instant i) {
		return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
	}

	/** {@code at} plus a duration, in microseconds, saturating at the stored range instead of overflowing. */
	static long plus(long atMicros, Duration d) {
		long add;
		try {
			add = Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
		}
		catch (ArithmeticException ex) {
			add = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		long sum;
		try {
			sum = Math.addExact(atMicros, add);
		}
		catch (ArithmeticException ex) {
			sum = add < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		return Math.max(FIRST_MICROS, Math.min(LAST_MICROS, sum));
	}

	static Instant instant(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
	}

	private long now() {
		return micros(this.clock.instant());
	}

	/**
	 * Prepares a statement bounded by the statement timeout, so neither a client call nor a worker
	 * waits for ever on a lock another transaction holds (SQLite is bounded by its busy timeout).
	 */
	private PreparedStatement prepare(Connection c, String sql) throws SQLException {
		PreparedStatement ps = c.prepareStatement(sql);
		if (this.queryTimeoutSeconds > 0) {
			try {
				ps.setQueryTimeout(this.queryTimeoutSeconds);
			}
			catch (SQLException | RuntimeException ex) {
				ps.close();
				throw ex;
			}
		}
		return ps;
	}

	private <T> T tx(Database.Work<T> work) {
		return tx("a workflow worker's operation", work);
	}

	private <T> T read(Database.Work<T> work) {
		return read("a workflow worker's query", work);
	}

	/**
	 * Runs work in one transaction.
	 * @param operation what the work does, for the message of a failure
	 */
	private <T> T tx(String operation, Database.Work<T> work) {
		try {
			return this.db.inTransaction(work);
		}
		catch (SQLException ex) {
			throw failure(operation, ex);
		}
	}

	private <T> T read(String operation, Database.Work<T> work) {
		try {
			return this.db.run(work);
		}
		catch (SQLException ex) {
			throw failure(operation, ex);
		}
	}

	private SqlBackendException failure(String operation, SQLException ex) {
		if (isTimeout(ex)) {
			return new SqlBackendException("The workflow database statement timed out after "
					+ SqlBackends.text(this.settings.statementTimeout()) + " (statement-timeout) during " + operation + " on "
					+ this.dialect.name() + "; another transaction holds a lock it needs, or the database is "
					+ "overloaded. Nothing was changed; retry later: " + ex.getMessage(), ex);
		}
		return new SqlBackendException("Workflow database operation failed on " + this.dialect.name() + " during "
				+ operation + ": " + ex.getMessage(), ex);
	}

	/** Whether a statement failed because it ran into the statement timeout (or a lock wait limit). */
	static boolean isTimeout(SQLException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof java.sql.SQLTimeoutException) {
				return true;
			}
			if (t instanceof SQLException sql) {
				String state = sql.getSQLState();
				// 57014 query canceled (PostgreSQL, H2), 55P03 lock not available (PostgreSQL),
				// HYT00 / HYT01 lock or statement timeout (H2)
				if ("57014".equals(state) || "55P03".equals(state) || "HYT00".equals(state) || "HYT01".equals(state)) {
					return true;
				}
				// SQLite: SQLITE_BUSY (5) after the busy timeout
				if (state == null && sql.getErrorCode() == 5) {
					return true;
				}
			}
		}
		return false;
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

	/** One attempt at creating; the decision is {@link dev.workflow.backend.InstanceReuse#decide}. */
	private boolean createOnce(ExecutionStarted started, NewWorkflowOptions.ReusePolicy reusePolicy) {
		return tx("creating instance '" + started.instanceId() + "'", c -> {
			boolean created = this.rows.create(c, started, reusePolicy, now());
			if (created) {
				notifyOthers(c, true, false);
			}
			return created;
		});
	}

	private void insertInbox(Connection c, String instanceId, String executionId, HistoryEvent event, long visibleAt)
			throws SQLException {
		this.rows.insertInbox(c, instanceId, executionId, event, visibleAt);
	}

	/**
	 * The instance's status; with {@code lock}, its row stays locked until the transaction ends,
	 * so an event added now queues behind a turn that is committing (keeping arrival order).
	 */
	private String status(Connection c, String instanceId, boolean lock) throws SQLException {
		WorkflowRuntimeStatus status = this.rows.status(c, instanceId, lock);
		return status == null ? null : status.name();
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
		return poll(this.workflowSignal, this::claimWorkflow, maxWait);
	}

	/**
	 * Claims until something is claimed or {@code maxWait} passed; between attempts it waits for a
	 * signal, or for a pause that doubles from the min to the max polling interval.
	 */
	private <T> T poll(WorkSignal signal, java.util.function.Supplier<T> claim, Duration maxWait)
			throws InterruptedException {
		// Saturated: a huge wait must not overflow into a deadline in the past.
		long deadline = System.nanoTime() + (maxWait.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365) : maxWait).toNanos();
		long pause = this.settings.minPollInterval().toMillis();
		while (this.running) {
			long seen = signal.version();
			T item = claim.get();
			if (item != null) {
				signal.signal(); // there may be more: wake the next poller
				return item;
			}
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0) {
				return null;
			}
			signal.await(seen, Math.min(left, pause));
			pause = Math.min(pause * 2, this.settings.maxPollInterval().toMillis());
		}
		return null;
	}

	private WorkflowWorkItem claimWorkflow() {
		String token = UUID.randomUUID().toString();
		long now = now();
		long expires = plus(now, this.settings.workflowLockTimeout());
		Object[] claimed = claimWorkflowRow(token, now, expires);
		if (claimed == null) {
			return null;
		}
		String instanceId = (String) claimed[0];
		int attempt = (Integer) claimed[1];
		String executionId = (String) claimed[2];
		return read(c -> {
			// History and ready inbox rows in one round trip: kind 0 = history (by seq), 1 = inbox (by id).
			List<HistoryEvent> history = new ArrayList<>();
			List<HistoryEvent> events = new ArrayList<>();
			List<Long> ids = new ArrayList<>();
			try (PreparedStatement ps = prepare(c, "SELECT 0 AS kind, seq AS n, NULL AS target, event FROM "
					+ this.p + "history WHERE instance_id = ? UNION ALL SELECT 1, id, execution_id, event FROM " + this.p
					+ "inbox WHERE instance_id = ? AND visible_at <= ? ORDER BY 1, 2")) {
				ps.setString(1, instanceId);
				ps.setString(2, instanceId);
				// Visibility is judged now, after the claim: a commit that happened between computing
				// the claim time and the claim (for example the start of a continued-as-new run) is seen.
				ps.setLong(3, now());
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
						if (target == null || target.equals(executionId) || e instanceof ExecutionStarted) {
							events.add(e);
						}
					}
				}
			}
			this.workflowClaims.put(token, new WorkflowClaim(instanceId, ids));
			return new WorkflowWorkItem(instanceId, history, events, token, attempt, instant(expires));
		});
	}

	private Object[] claimWorkflowRow(String token, long now, long expires) {
		String oneStep = this.dialect.claimWorkflowSql(this.p);
		if (oneStep != null) {
			return tx(c -> {
				try (PreparedStatement ps = prepare(c, oneStep)) {
					ps.setString(1, token);
					ps.setString(2, this.owner);
					ps.setLong(3, expires);
					ps.setLong(4, now);
					ps.setLong(5, now);
					try (ResultSet rs = ps.executeQuery()) {
						return rs.next() ? new Object[] { rs.getString(1), rs.getInt(2), rs.getString(3) } : null;
					}
				}
			});
		}
		// Candidates are found with a plain read, so an idle poll never opens a write transaction.
		List<String> candidates = read(c -> {
			List<String> found = new ArrayList<>();
			try (PreparedStatement ps = prepare(c, "SELECT x.instance_id, MIN(x.id) AS first_id FROM " + this.p
					+ "inbox x JOIN " + this.p + "instances i ON i.instance_id = x.instance_id WHERE x.visible_at <= ? "
					+ "AND (i.lock_expires IS NULL OR i.lock_expires < ?) AND i.status NOT IN " + TERMINAL
					+ " GROUP BY x.instance_id ORDER BY first_id LIMIT 8")) {
				ps.setLong(1, now);
				ps.setLong(2, now);
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						found.add(rs.getString(1));
					}
				}
			}
			return found;
		});
		if (candidates.isEmpty()) {
			return null;
		}
		Runnable hook = this.workflowClaimHook;
		if (hook != null) {
			hook.run();
		}
		return tx(c -> {
			for (String id : candidates) {
				// The candidate was read before this transaction: another worker may have run and
				// committed its turn since. The update re-checks all of it, so an instance that ended
				// or whose ready events were consumed meanwhile is not handed out.
				try (PreparedStatement ps = prepare(c, "UPDATE " + this.p + "instances SET lock_token = ?, "
						+ "lock_owner = ?, lock_expires = ?, attempt = attempt + 1 WHERE instance_id = ? "
						+ "AND (lock_expires IS NULL OR lock_expires < ?) AND status NOT IN " + TERMINAL
						+ " AND EXISTS (SELECT 1 FROM " + this.p + "inbox x WHERE x.instance_id = ? AND x.visible_at <= ?)")) {
					ps.setString(1, token);
					ps.setString(2, this.owner);
					ps.setLong(3, expires);
					ps.setString(4, id);
					ps.setLong(5, now);
					ps.setString(6, id);
					ps.setLong(7, now);
					if (ps.executeUpdate() == 1) {
						try (PreparedStatement a = prepare(c, 
								"SELECT attempt, execution_id FROM " + this.p + "instances WHERE instance_id = ?")) {
							a.setString(1, id);
							try (ResultSet rs = a.executeQuery()) {
								rs.next();
								return new Object[] { id, rs.getInt(1), rs.getString(2) };
							}
						}
					}
				}
			}
			return null;
		});
	}

	@Override
	public void completeWorkflowWorkItem(WorkflowWorkItem item, WorkflowTurnCommit commit) {
		WorkflowClaim claim = this.workflowClaims.get(item.lockToken());
		if (claim == null) {
			throw lost(item);
		}
		SqlTurnCommit.Added added;
		try {
			added = tx(c -> {
				SqlTurnCommit.Added a = this.turns.store(c, item, claim.inboxIds(), commit, now());
				notifyOthers(c, a.workflowWork(), a.activityWork());
				return a;
			});
		}
		finally {
			this.workflowClaims.remove(item.lockToken());
		}
		announce(added.workflowWork(), added.activityWork());
	}

	private WorkItemLockLostException lost(WorkflowWorkItem item) {
		return BackendErrors.workflowLeaseLost(item.instanceId());
	}

	@Override
	public void abandonWorkflowWorkItem(WorkflowWorkItem item, Duration retryAfter) {
		this.workflowClaims.remove(item.lockToken());
		tx(c -> {
			try (PreparedStatement ps = prepare(c, "UPDATE " + this.p + "instances SET lock_token = NULL, "
					+ "lock_owner = NULL, lock_expires = ? WHERE instance_id = ? AND lock_token = ?")) {
				ps.setLong(1, plus(now(), retryAfter));
				ps.setString(2, item.instanceId());
				ps.setString(3, item.lockToken());
				return ps.executeUpdate();
			}
		});
	}

	@Override
	public void renewWorkflowWorkItem(WorkflowWorkItem item) {
		int updated = tx(c -> {
			try (PreparedStatement ps = prepare(c, 
					"UPDATE " + this.p + "instances SET lock_expires = ? WHERE instance_id = ? AND lock_token = ?")) {
				ps.setLong(1, plus(now(), this.settings.workflowLockTimeout()));
				ps.setString(2, item.instanceId());
				ps.setString(3, item.lockToken());
				return ps.executeUpdate();
			}
		});
		if (updated != 1) {
			throw lost(item);
		}
	}

	// ---- activity work items

	@Override
	public ActivityWorkItem nextActivityWorkItem(Duration maxWait) throws InterruptedException {
		return poll(this.activitySignal, this::claimActivity, maxWait);
	}

	private ActivityWorkItem claimActivity() {
		String token = UUID.randomUUID().toString();
		long now = now();
		long expires = plus(now, this.settings.activityLockTimeout());
		String oneStep = this.dialect.claimActivitySql(this.p);
		// Without a one-step claim, candidates are found with a plain read, so an idle poll never
		// opens a write transaction.
		List<Long> candidates = oneStep != null ? List.of() : read(c -> activityCandidates(c, now));
		if (oneStep == null && candidates.isEmpty()) {
			return null;
		}
		return tx(c -> {
			long rowId = -1;
			if (oneStep != null) {
				try (PreparedStatement ps = prepare(c, oneStep)) {
					ps.setString(1, token);
					ps.setLong(2, expires);
					ps.setLong(3, now);
					ps.setLong(4, now);
					try (ResultSet rs = ps.executeQuery()) {
						if (rs.next()) {
							rowId = rs.getLong(1);
						}
					}
				}
			}
			else {
				for (Long candidate : candidates) {
					try (PreparedStatement ps = prepare(c, "UPDATE " + this.p + "activities SET lock_token = ?, "
							+ "lock_expires = ?, attempt = attempt + 1 WHERE id = ? AND (lock_expires IS NULL OR lock_expires < ?)")) {
						ps.setString(1, token);
						ps.setLong(2, expires);
						ps.setLong(3, candidate);
						ps.setLong(4, now);
						if (ps.executeUpdate() == 1) {
							rowId = candidate;
							break;
						}
					}
				}
			}
			if (rowId < 0) {
				return null;
			}
			try (PreparedStatement ps = prepare(c, "SELECT instance_id, execution_id, task_id, name, input, "
					+ "attempt FROM " + this.p + "activities WHERE id = ?")) {
				ps.setLong(1, rowId);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					ActivityRequest req = new ActivityRequest(rs.getString(1), rs.getString(2), rs.getInt(3),
							rs.getString(4), rs.getString(5));
					this.activityClaims.put(token, rowId);
					return new ActivityWorkItem(req, token, rs.getInt(6), instant(expires));
				}
			}
		});
	}

	private List<Long> activityCandidates(Connection c, long now) throws SQLException {
		List<Long> candidates = new ArrayList<>();
		try (PreparedStatement ps = prepare(c, "SELECT id FROM " + this.p + "activities WHERE "
				+ "visible_at <= ? AND (lock_expires IS NULL OR lock_expires < ?) ORDER BY id LIMIT 8")) {
			ps.setLong(1, now);
			ps.setLong(2, now);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					candidates.add(rs.getLong(1));
				}
			}
		}
		return candidates;
	}

	private WorkItemLockLostException lost(ActivityWorkItem item) {
		return new WorkItemLockLostException("The lease on activity '" + item.request().name() + "' #"
				+ item.request().taskId() + " of instance '" + item.request().instanceId()
				+ "' expired or moved to another worker; its result was not committed");
	}

	@Override
	public void completeActivityWorkItem(ActivityWorkItem item, HistoryEvent result) {
		Long rowId = this.activityClaims.get(item.lockToken());
		if (rowId == null) {
			throw lost(item);
		}
		try {
			tx(c -> {
				try (PreparedStatement ps = prepare(c, 
						"DELETE FROM " + this.p + "activities WHERE id = ? AND lock_token = ?")) {
					ps.setLong(1, rowId);
					ps.setString(2, item.lockToken());
					if (ps.executeUpdate() != 1) {
						throw lost(item);
					}
				}
				String status = status(c, item.request().instanceId(), true);
				if (status != null && !WorkflowRuntimeStatus.valueOf(status).isTerminal()) {
					insertInbox(c, item.request().instanceId(), item.request().executionId(), result, now());
					notifyOthers(c, true, false);
				}
				return null;
			});
		}
		finally {
			this.activityClaims.remove(item.lockToken());
		}
		announce(true, false);
	}

	@Override
	public void abandonActivityWorkItem(ActivityWorkItem item, Duration retryAfter) {
		Long rowId = this.activityClaims.remove(item.lockToken());
		if (rowId == null) {
			return;
		}
		tx(c -> {
			try (PreparedStatement ps = prepare(c, "UPDATE " + this.p + "activities SET lock_token = NULL, "
					+ "lock_expires = NULL, visible_at = ? WHERE id = ? AND lock_token = ?")) {
				ps.setLong(1, plus(now(), retryAfter));
				ps.setLong(2, rowId);
				ps.setString(3, item.lockToken());
				return ps.executeUpdate();
			}
		});
	}

	@Override
	public void renewActivityWorkItem(ActivityWorkItem item) {
		Long rowId = this.activityClaims.get(item.lockToken());
		int updated = rowId == null ? 0 : tx(c -> {
			try (PreparedStatement ps = prepare(c, 
					"UPDATE " + this.p + "activities SET lock_expires = ? WHERE id = ? AND lock_token = ?")) {
				ps.setLong(1, plus(now(), this.settings.activityLockTimeout()));
				ps.setLong(2, rowId);
				ps.setString(3, item.lockToken());
				return ps.executeUpdate();
			}
		});
		if (updated != 1) {
			throw lost(item);
		}
	}

	// ---- queries

	private static final String COLUMNS = "instance_id, name, execution_id, status, created_at, updated_at, input, "
			+ "output, custom_status, failure, parent_instance_id";

	private static InstanceMetadata metadata(ResultSet rs) throws SQLException {
		return new InstanceMetadata(rs.getString(1), rs.getString(2), rs.getString(3),
				WorkflowRuntimeStatus.valueOf(rs.getString(4)), instant(rs.getLong(5)), instant(rs.getLong(6)),
				rs.getString(7), rs.getString(8), rs.getString(9), BackendJson.read(rs.getString(10), FailureDetails.class),
				rs.getString(11));
	}

	/** One trivial statement through the backend's connections: the database answers. */
	@Override
	public void ping() {
		this.db.ping("Workflow database ping failed on " + this.dialect.name());
	}

	@Override
	public InstanceMetadata getInstance(String instanceId) {
		return read("reading instance '" + instanceId + "'", c -> {
			try (PreparedStatement ps = prepare(c, 
					"SELECT " + COLUMNS + " FROM " + this.p + "instances WHERE instance_id = ?")) {
				ps.setString(1, instanceId);
				try (ResultSet rs = ps.executeQuery()) {
					return rs.next() ? metadata(rs) : null;
				}
			}
		});
	}

	@Override
	public List<HistoryEvent> getHistory(String instanceId) {
		return read("reading the history of instance '" + instanceId + "'", c -> {
			List<HistoryEvent> events = new ArrayList<>();
			try (PreparedStatement ps = prepare(c, 
					"SELECT event FROM " + this.p + "history WHERE instance_id = ? ORDER BY seq")) {
				ps.setString(1, instanceId);
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						events.add(BackendJson.read(rs.getString(1), HistoryEvent.class));
					}
				}
			}
			return events;
		});
	}

	@Override
	public InstancePage listInstances(WorkflowQuery q) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + this.p + "instances WHERE 1 = 1");
		List<Object> args = new ArrayList<>();
		if (!q.getRuntimeStatuses().isEmpty()) {
			sql.append(" AND status IN (");
			String sep = "";
			for (WorkflowRuntimeStatus s : q.getRuntimeStatuses()) {
				sql.append(sep).append('?');
				args.add(s.name());
				sep = ", ";
			}
			sql.append(')');
		}
		if (q.getName() != null) {
			sql.append(" AND name = ?");
			args.add(q.getName());
		}
		if (q.getCreatedFrom() != null) {
			sql.append(" AND created_at >= ?");
			args.add(micros(q.getCreatedFrom()));
		}
		if (q.getCreatedTo() != null) {
			sql.append(" AND created_at < ?");
			args.add(micros(q.getCreatedTo()));
		}
		if (q.getContinuationToken() != null) {
			ContinuationToken after = ContinuationToken.parse(q.getContinuationToken());
			long at = micros(after.createdAt());
			sql.append(" AND (created_at > ? OR (created_at = ? AND instance_id > ?))");
			args.add(at);
			args.add(at);
			args.add(after.instanceId());
		}
		sql.append(" ORDER BY created_at, instance_id LIMIT ").append(q.getPageSize() + 1);
		List<InstanceMetadata> rows = read("listing instances", c -> {
			List<InstanceMetadata> out = new ArrayList<>();
			try (PreparedStatement ps = prepare(c, sql.toString())) {
				for (int i = 0; i < args.size(); i++) {
					Object a = args.get(i);
					if (a instanceof Long l) {
						ps.setLong(i + 1, l);
					}
					else if (a == null) {
						ps.setNull(i + 1, Types.VARCHAR);
					}
					else {
						ps.setString(i + 1, (String) a);
					}
				}
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						out.add(metadata(rs));
					}
				}
			}
			return out;
		});
		String token = null;
		if (rows.size() > q.getPageSize()) {
			rows = rows.subList(0, q.getPageSize());
			InstanceMetadata last = rows.get(rows.size() - 1);
			token = ContinuationToken.after(last).toString();
		}
		return new InstancePage(List.copyOf(rows), token);
	}

	@Override
	public boolean purgeInstance(String instanceId) {
		return tx("purging instance '" + instanceId + "'", c -> this.rows.purge(c, instanceId));
	}

}
