package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * How the workflow backend's parts reach the database: transactions and reads that report a
 * failure as a {@link SqlBackendException} naming the operation, statements bounded by the
 * statement timeout, and the current time in stored form.
 */
final class SqlAccess {

	private final Database db;

	private final SqlDialect dialect;

	private final Duration statementTimeout;

	private final Clock clock;

	/**
	 * The statement timeout as a JDBC query timeout, in whole seconds (rounded up: JDBC counts
	 * seconds); 0 where it costs more than it should or is bounded elsewhere: SQLite waits are
	 * bounded by its busy timeout, and a PostgreSQL pool of our own carries the timeout as a session
	 * setting (PgJDBC schedules a cancel timer for every statement with a query timeout).
	 */
	private final int queryTimeoutSeconds;

	SqlAccess(Database db, SqlDialect dialect, Duration statementTimeout, Clock clock) {
		this.db = db;
		this.dialect = dialect;
		this.statementTimeout = statementTimeout;
		this.clock = clock;
		long millis = statementTimeout.toMillis();
		boolean boundedElsewhere = dialect.singleConnection() || db.statementTimeoutInSession();
		this.queryTimeoutSeconds = boundedElsewhere ? 0 : (int) Math.max(1, (millis + 999) / 1000);
	}

	SqlDialect dialect() {
		return this.dialect;
	}

	Database database() {
		return this.db;
	}

	/** Now, as stored: microseconds since the epoch. */
	long now() {
		return SqlInstants.micros(this.clock.instant());
	}

	/**
	 * Prepares a statement bounded by the statement timeout, so neither a client call nor a worker
	 * waits for ever on a lock another transaction holds.
	 */
	PreparedStatement prepare(Connection c, String sql) throws SQLException {
		return bounded(this.db.prepare(c, sql));
	}

	/** {@link #prepare} for an insert whose generated {@code id} the caller reads. */
	PreparedStatement prepareReturningId(Connection c, String insert) throws SQLException {
		return bounded(this.dialect.prepareReturningId(c, insert));
	}

	private PreparedStatement bounded(PreparedStatement ps) throws SQLException {
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

	/**
	 * Runs work in one transaction.
	 * @param operation what the work does, for the message of a failure
	 */
	<T> T transaction(String operation, Database.Work<T> work) {
		try {
			if (this.dialect.diesOfInterruptedCommits()) {
				return UninterruptibleCommits.run(() -> this.db.inTransaction(work));
			}
			return this.db.inTransaction(work);
		}
		catch (SQLException ex) {
			throw failure(operation, ex);
		}
	}

	/**
	 * Runs a read in auto-commit mode; on a SQLite file, on its reader connection, so it never waits
	 * for the writer. Only reads: the reader connection must never write.
	 * @param operation what the work does, for the message of a failure
	 */
	<T> T read(String operation, Database.Work<T> work) {
		try {
			return this.db.read(work);
		}
		catch (SQLException ex) {
			throw failure(operation, ex);
		}
	}

	SqlBackendException failure(String operation, SQLException ex) {
		if (isTimeout(ex)) {
			return new SqlBackendException("The workflow database statement timed out after "
					+ SqlBackends.text(this.statementTimeout) + " (statement-timeout) during " + operation + " on "
					+ this.dialect.name() + "; another transaction holds a lock it needs, or the database is "
					+ "overloaded. Nothing was changed; retry later: " + ex.getMessage(), ex);
		}
		return new SqlBackendException("Workflow database operation failed on " + this.dialect.name() + " during "
				+ operation + ": " + ex.getMessage(), ex);
	}

	/** Whether a statement failed because it ran into the statement timeout (or a lock wait limit). */
	static boolean isTimeout(SQLException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLTimeoutException) {
				return true;
			}
			if (t instanceof SQLException sql) {
				String state = sql.getSQLState();
				// 57014 query canceled (PostgreSQL statement_timeout, H2), 55P03 lock not available
				// (PostgreSQL lock_timeout), HYT00 / HYT01 lock or statement timeout (H2)
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

}
