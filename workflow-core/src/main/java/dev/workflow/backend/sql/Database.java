package dev.workflow.backend.sql;


import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.slf4j.LoggerFactory;

/**
 * Connections and transactions. In single-connection mode (SQLite) every unit of work runs on one
 * connection under a lock, so SQLite never sees two writers and SQLITE_BUSY cannot happen.
 */
final class Database implements AutoCloseable {

	private static final org.slf4j.Logger log = LoggerFactory.getLogger(Database.class);

	/** Work on a connection. */
	@FunctionalInterface
	interface Work<T> {

		T run(Connection c) throws SQLException;

	}

	/**
	 * Opens the connections of a database again after {@link #close()}, so that a stopped backend
	 * can start again (a Spring context stop and start).
	 */
	@FunctionalInterface
	interface Reopen {

		/**
		 * Opens the resources anew.
		 * @return a database holding them, whose resources this one takes over
		 * @throws SQLException if the database cannot be reached
		 */
		Database open() throws SQLException;

	}

	// Not final: reopen() replaces them. Only while the backend starts, when no work runs.
	private volatile DataSource dataSource;

	private volatile Connection single;

	/**
	 * A second connection to a SQLite file in WAL mode, for reads: WAL readers do not wait for the
	 * writer, so status reads and claim reads stay off the writer's lock. Null for none (an
	 * in-memory database, whose second connection would be another database).
	 */
	private volatile Connection reader;

	private final ReentrantLock readerLock = new ReentrantLock();

	/** Statements kept open on the reader connection. */
	private final StatementCache readerStatements = new StatementCache();

	private final ReentrantLock singleLock = new ReentrantLock(true);

	/** Statements kept open on the single connection. */
	private final StatementCache statements = new StatementCache();

	/** Transactions on the single connection, committed in groups. */
	private final GroupCommit groups = new GroupCommit(this.singleLock);

	private volatile AutoCloseable owned;

	private final Reopen reopen;

	private final boolean statementTimeoutInSession;

	private boolean closed;

	private Database(DataSource dataSource, Connection single, AutoCloseable owned, Reopen reopen,
			boolean statementTimeoutInSession) {
		this(dataSource, single, null, owned, reopen, statementTimeoutInSession);
	}

	private Database(DataSource dataSource, Connection single, Connection reader, AutoCloseable owned, Reopen reopen,
			boolean statementTimeoutInSession) {
		this.dataSource = dataSource;
		this.single = single;
		this.reader = reader;
		this.owned = owned;
		this.reopen = reopen;
		this.statementTimeoutInSession = statementTimeoutInSession;
	}

	static Database pooled(DataSource dataSource, AutoCloseable owned) {
		return pooled(dataSource, owned, false);
	}

	/**
	 * @param statementTimeoutInSession whether every connection of the pool bounds its statements
	 * itself (a session setting made when the pool opens it)
	 */
	static Database pooled(DataSource dataSource, AutoCloseable owned, boolean statementTimeoutInSession) {
		return new Database(dataSource, null, owned, null, statementTimeoutInSession);
	}

	/**
	 * One connection for all writes, and a second one for reads (a SQLite file in WAL mode).
	 * @param connection the connection every write goes through
	 * @param reader the connection reads go through
	 */
	static Database singleConnection(Connection connection, Connection reader) {
		return new Database(null, connection, reader, closingBoth(connection, reader), null, false);
	}

	private static AutoCloseable closingBoth(Connection connection, Connection reader) {
		return () -> {
			try {
				reader.close();
			}
			finally {
				connection.close();
			}
		};
	}

	static Database singleConnection(Connection connection) {
		return new Database(null, connection, connection, null, false);
	}

	/**
	 * This database, able to open its resources again after {@link #close()}.
	 * @param reopen opens them; null when nothing this database closes needs reopening. The
	 * databases it opens must bound statements the way this one does
	 * ({@link #statementTimeoutInSession()})
	 * @return a database with the same resources
	 */
	Database reopenable(Reopen reopen) {
		return new Database(this.dataSource, this.single, this.reader, this.owned, reopen,
				this.statementTimeoutInSession);
	}

	/**
	 * Opens what {@link #close()} closed; does nothing if this database was not closed or owns
	 * nothing (an application's DataSource is never closed here).
	 * @return whether new connections were opened (an in-memory database then starts empty)
	 * @throws SQLException if the database cannot be reached
	 */
	synchronized boolean reopen() throws SQLException {
		if (!this.closed) {
			return false;
		}
		if (this.owned != null) {
			if (this.reopen == null) {
				throw new IllegalStateException("This workflow database was closed and cannot be opened again");
			}
			this.statements.clear();
			Database fresh = this.reopen.open();
			this.dataSource = fresh.dataSource;
			this.single = fresh.single;
			this.readerStatements.clear();
			this.reader = fresh.reader;
			this.owned = fresh.owned;
		}
		this.closed = false;
		return this.owned != null;
	}

	/**
	 * Whether the connections bound every statement by the statement timeout themselves, so a
	 * per-statement query timeout would only add cost.
	 */
	boolean statementTimeoutInSession() {
		return this.statementTimeoutInSession;
	}

	/** A DataSource view of this database, for Flyway; in single mode it hands out the one connection. */
	DataSource asDataSource() {
		if (this.single == null) {
			return this.dataSource;
		}
		Connection shared = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					if (method.getName().equals("close")) {
						return null;
					}
					try {
						return method.invoke(this.single, args);
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		return new DataSource() {
			@Override
			public Connection getConnection() {
				return shared;
			}

			@Override
			public Connection getConnection(String user, String password) {
				return shared;
			}

			@Override
			public PrintWriter getLogWriter() {
				return null;
			}

			@Override
			public void setLogWriter(PrintWriter out) {
			}

			@Override
			public void setLoginTimeout(int seconds) {
			}

			@Override
			public int getLoginTimeout() {
				return 0;
			}

			@Override
			public Logger getParentLogger() throws SQLFeatureNotSupportedException {
				throw new SQLFeatureNotSupportedException();
			}

			@Override
			public <T> T unwrap(Class<T> iface) throws SQLException {
				throw new SQLException("not a wrapper");
			}

			@Override
			public boolean isWrapperFor(Class<?> iface) {
				return false;
			}
		};
	}

	/**
	 * Runs work in one transaction: committed if it returns, rolled back if it throws. On a single
	 * connection (SQLite), transactions queued together commit as one group (see {@link GroupCommit}).
	 */
	<T> T inTransaction(Work<T> work) throws SQLException {
		if (this.single != null && !this.singleLock.isHeldByCurrentThread()) {
			return this.groups.run(() -> this.single, work);
		}
		if (this.single != null) {
			this.singleLock.lock();
			try {
				return transact(this.single, work);
			}
			finally {
				this.singleLock.unlock();
			}
		}
		try (Connection c = this.dataSource.getConnection()) {
			return transact(c, work);
		}
	}

	private static <T> T transact(Connection c, Work<T> work) throws SQLException {
		boolean auto = c.getAutoCommit();
		if (auto) {
			c.setAutoCommit(false);
		}
		try {
			T result = work.run(c);
			c.commit();
			return result;
		}
		catch (SQLException | RuntimeException | Error ex) {
			try {
				c.rollback();
			}
			catch (SQLException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw ex;
		}
		finally {
			if (auto) {
				c.setAutoCommit(true);
			}
		}
	}

	/**
	 * Creates or upgrades tables with Flyway from a classpath folder of migrations; see
	 * {@link Migrations#migrate}.
	 * @param location the classpath folder, such as {@code db/workflow/postgresql}
	 * @param historyTable the Flyway history table
	 * @param tablePrefix the value of the {@code ${prefix}} placeholder in the migrations
	 */
	void migrate(String location, String historyTable, String tablePrefix) {
		try {
			run(c -> {
				H2Durability.repairInterruptedAlters(c, tablePrefix);
				return null;
			});
		}
		catch (SQLException ex) {
			throw new SqlBackendException("Cannot check the workflow tables before migrating them: " + ex.getMessage(), ex);
		}
		Migrations.migrate(asDataSource(), location, historyTable, tablePrefix);
	}

	/** See {@link Migrations#STEP_PAUSE_PROPERTY}. */
	static final String MIGRATION_STEP_PAUSE_PROPERTY = Migrations.STEP_PAUSE_PROPERTY;

	/**
	 * {@link #inTransaction}, reporting a failure as a {@link SqlBackendException}.
	 * @param failure what failed, the start of the exception's message
	 */
	<T> T transaction(Work<T> work, String failure) {
		try {
			return inTransaction(work);
		}
		catch (SQLException ex) {
			throw new SqlBackendException(failure + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * {@link #run}, reporting a failure as a {@link SqlBackendException}.
	 * @param failure what failed, the start of the exception's message
	 */
	<T> T query(Work<T> work, String failure) {
		try {
			return run(work);
		}
		catch (SQLException ex) {
			throw new SqlBackendException(failure + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Prepares a statement; on the single connection, one kept open from an earlier call with the
	 * same SQL ({@link StatementCache}).
	 */
	PreparedStatement prepare(Connection c, String sql) throws SQLException {
		if (c == this.single) {
			return this.statements.prepare(c, sql);
		}
		return c == this.reader ? this.readerStatements.prepare(c, sql) : c.prepareStatement(sql);
	}

	/**
	 * Runs a read in auto-commit mode: on the reader connection where there is one (it sees every
	 * committed transaction), else as {@link #run}.
	 */
	<T> T read(Work<T> work) throws SQLException {
		Connection r = this.reader;
		if (r == null) {
			return run(work);
		}
		this.readerLock.lock();
		try {
			return work.run(r);
		}
		finally {
			this.readerLock.unlock();
		}
	}

	/** Runs a read or a single statement in auto-commit mode. */
	<T> T run(Work<T> work) throws SQLException {
		if (this.single != null) {
			this.singleLock.lock();
			try {
				return work.run(this.single);
			}
			finally {
				this.singleLock.unlock();
			}
		}
		try (Connection c = this.dataSource.getConnection()) {
			return work.run(c);
		}
	}

	/**
	 * Checks one connection with a trivial statement. A pooled connection the database closed under
	 * the pool (H2 closes a database for every session after a fatal error) is evicted, so the
	 * next check gets a new connection and the database reopens once it can.
	 * @param failure what failed, the start of the exception's message
	 * @throws SqlBackendException if the database does not answer
	 */
	void ping(String failure) {
		query(c -> {
			try (java.sql.Statement st = c.createStatement()) {
				st.execute("SELECT 1");
			}
			catch (SQLException ex) {
				if (this.dataSource instanceof com.zaxxer.hikari.HikariDataSource pool && !isValid(c)) {
					pool.evictConnection(c);
				}
				throw ex;
			}
			return null;
		}, failure);
	}

	private static boolean isValid(Connection c) {
		try {
			return c.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public synchronized void close() throws Exception {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.statements.clear();
		this.readerStatements.clear();
		if (this.owned != null) {
			this.owned.close();
		}
	}

}
