package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.ActivityWorkItem;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.backend.WorkerCapabilities;
import dev.workflow.backend.WorkflowBackend;
import dev.workflow.backend.TurnRules;
import dev.workflow.backend.WorkflowTurnCommit;
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

	private final String owner = UUID.randomUUID().toString();

	private final SqlAccess sql;

	private final WakeUps wakeUps;

	private final WorkflowQueue workflows;

	private final ActivityQueue activities;

	private final InstanceQueries queries;

	final WorkSignal workflowSignal;

	final WorkSignal activitySignal;

	private volatile boolean running;

	/** Instance rows: creates, replaces, purges, inbox rows. */
	private final SqlInstanceRows rows;

	/** Stores workflow turns. */
	private final SqlTurnCommit turns;

	/** First turns of instances created here, leased to this process's pollers. */
	final LocalStarts localStarts;

	/** Client writes, joining the caller's transaction where the host has one on our DataSource. */
	private final ClientWrites clientWrites;

	/**
	 * Test hook: run between reading claim candidates and the claiming update of the optimistic
	 * (SQLite, H2) workflow claim, so tests can force another worker's commit into that window.
	 */
	volatile Runnable workflowClaimHook;

	SqlWorkflowBackend(Database db, SqlDialect dialect, Settings settings, Clock clock, PostgresNotifier notifier) {
		this(db, dialect, settings, clock, notifier, null, null);
	}

	/**
	 * @param host the host's transactions, joined by client writes on {@code hostDataSource}; null
	 * for none
	 * @param hostDataSource the host's DataSource this backend writes to; null when the database is
	 * the backend's own (a url), whose transactions no host manages
	 */
	SqlWorkflowBackend(Database db, SqlDialect dialect, Settings settings, Clock clock, PostgresNotifier notifier,
			dev.workflow.backend.HostTransactions host, javax.sql.DataSource hostDataSource) {
		this.db = db;
		this.dialect = dialect;
		this.settings = settings;
		this.tables = new SqlTables(settings.tablePrefix());
		this.sql = new SqlAccess(db, dialect, settings.statementTimeout(), clock);
		this.wakeUps = new WakeUps(this.owner, notifier, settings.minPollInterval(), settings.maxPollInterval());
		this.workflowSignal = this.wakeUps.workflowSignal;
		this.activitySignal = this.wakeUps.activitySignal;
		ClaimStrategy claims = dialect.claimStrategy(this.sql, this.tables, this.owner, this::beforeOptimisticClaim);
		this.workflows = new WorkflowQueue(this.sql, this.tables, claims, settings.workflowLockTimeout());
		this.activities = new ActivityQueue(this.sql, this.tables, claims, this.wakeUps, settings.activityLockTimeout());
		this.queries = new InstanceQueries(this.sql, this.tables);
		this.rows = new SqlInstanceRows(this.sql, this.tables);
		this.turns = new SqlTurnCommit(this.rows);
		this.clientWrites = new ClientWrites(this.sql, host, hostDataSource);
		this.localStarts = new LocalStarts(settings.workflowLockTimeout());
	}

	/** The database, for tests of this package. */
	Database database() {
		return this.db;
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
		try {
			this.db.reopen(); // after a stop(): a new pool or connection in place of the closed one
		}
		catch (SQLException ex) {
			throw new SqlBackendException("Cannot reopen the workflow database on " + this.dialect.name() + ": "
					+ ex.getMessage(), ex);
		}
		this.db.migrate("db/workflow/" + this.dialect.migrationFolder(), this.tables.schemaHistory(),
				this.tables.prefix());
		log.debug("Workflow SQL backend on {} (tables '{}*', owner {})", this.dialect.name(), this.tables.prefix(),
				this.owner); // the runtime's startup line says the same, from description()
		this.wakeUps.start(); // after a stop(): listens again
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.localStarts.clear();
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
		for (int attempt = 1;; attempt++) {
			try {
				return createOnce(started, reusePolicy);
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
	 * One attempt at creating; the decision is {@link dev.workflow.backend.InstanceReuse#decide}.
	 * When a poller of this process can run the instance, its first turn is leased to this process
	 * in the same transaction and handed to that poller without a claim ({@link LocalStarts}); other
	 * processes are not told of work they could not claim.
	 */
	private boolean createOnce(ExecutionStarted started, NewWorkflowOptions.ReusePolicy reusePolicy) {
		long now = now();
		SqlInstanceRows.FirstLease lease = this.localStarts.wanted(started, SqlInstants.instant(now))
				? new SqlInstanceRows.FirstLease(UUID.randomUUID().toString(), this.owner,
						SqlInstants.plus(now, this.localStarts.lease()))
				: null;
		return this.clientWrites.write("creating instance '" + started.instanceId() + "'", c -> {
			long inboxId = this.rows.create(c, started, reusePolicy, now, lease);
			if (inboxId >= 0 && lease == null) {
				notifyOthers(c, true, false);
			}
			return inboxId;
		}, inboxId -> {
			if (inboxId >= 0) {
				if (lease != null) {
					// the event as a claim would read it back, so replays see the same values
					HistoryEvent stored = BackendJson.read(BackendJson.write(started), HistoryEvent.class);
					this.localStarts.offer(new WorkflowWorkItem(started.instanceId(), List.of(), List.of(stored),
							lease.token(), 1, SqlInstants.instant(lease.expires()),
							new WorkflowClaim(started.instanceId(), List.of(inboxId))));
				}
				announce(true, false);
			}
		}) >= 0;
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
		this.clientWrites.write("adding " + event.getClass().getSimpleName() + " to instance '" + instanceId + "'", c -> {
			String status = status(c, instanceId, true);
			if (status == null) {
				throw new WorkflowInstanceNotFoundException(instanceId);
			}
			WorkflowRuntimeStatus before = WorkflowRuntimeStatus.valueOf(status);
			if (before.isTerminal()) {
				return false;
			}
			long at = now();
			insertInbox(c, instanceId, null, event, at);
			// the row is locked above, so the status changes with the inbox row in one transaction
			this.rows.updateStatus(c, instanceId, before, TurnRules.statusOnEvent(before, event), at);
			notifyOthers(c, true, false);
			return true;
		}, added -> {
			if (added) {
				announce(true, false);
			}
		});
	}

	// ---- workflow work items

	@Override
	public WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait) throws InterruptedException {
		return nextWorkflowWorkItem(maxWait, WorkerCapabilities.ANY);
	}

	@Override
	public WorkflowWorkItem nextWorkflowWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		ClaimFilter filter = ClaimFilter.forWorkflows(capabilities, "i.");
		boolean[] local = new boolean[1]; // whether the latest claim took a held first turn
		this.localStarts.idle(capabilities);
		try {
			return this.wakeUps.poll(WakeUp.Kind.WORKFLOW, () -> {
				WorkflowWorkItem held = this.localStarts.take(capabilities, SqlInstants.instant(now()));
				local[0] = held != null;
				return held != null ? held : this.workflows.claim(filter);
			}, maxWait, () -> this.running,
					// a held first turn says nothing of work in the database: wake another poller only for more of them
					item -> !local[0] || !this.localStarts.isEmpty());
		}
		finally {
			this.localStarts.busy(capabilities);
		}
	}

	@Override
	public void completeWorkflowWorkItem(WorkflowWorkItem item, WorkflowTurnCommit commit) {
		completeWorkflowWorkItemWithState(item, commit);
	}

	/** On PostgreSQL and SQLite an ending turn reads the row back from its update. */
	@Override
	public InstanceMetadata completeWorkflowWorkItemWithState(WorkflowWorkItem item, WorkflowTurnCommit commit) {
		if (!(item.claim() instanceof WorkflowClaim claim) || !claim.instanceId().equals(item.instanceId())) {
			throw WorkflowQueue.lockLost(item); // not handed out by this backend
		}
		SqlTurnCommit.Added added = tx("committing the turn of instance '" + item.instanceId() + "'", c -> {
			SqlTurnCommit.Added a = this.turns.store(c, item, claim.inboxIds(), commit, now());
			notifyOthers(c, a.workflowWork(), a.activityWork());
			return a;
		});
		announce(added.workflowWork(), added.activityWork());
		return added.state();
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
		return nextActivityWorkItem(maxWait, WorkerCapabilities.ANY);
	}

	@Override
	public ActivityWorkItem nextActivityWorkItem(Duration maxWait, WorkerCapabilities capabilities)
			throws InterruptedException {
		ClaimFilter filter = ClaimFilter.forActivities(capabilities, "");
		return this.wakeUps.poll(WakeUp.Kind.ACTIVITY, () -> this.activities.claim(filter), maxWait, () -> this.running,
				item -> true, capabilities);
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
	public String description() {
		return (this.dialect.migrationFolder().equals("sqlite") ? "sqlite" : "jdbc") + " ("
				+ DatabaseLocation.of(this.db, this.dialect.name()) + ", tables " + this.tables.prefix() + "*)";
	}

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
		return tx("purging instance '" + instanceId + "'", c -> this.rows.purge(c, instanceId));
	}

}
