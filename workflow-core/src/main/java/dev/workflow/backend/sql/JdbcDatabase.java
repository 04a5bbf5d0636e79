package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;

/**
 * A database opened by the SQL backends' connection rules, for stores that live outside this
 * package (the actors backend's {@code jdbc} state store). Opening it applies everything the SQL
 * backends do: a {@code url} or the host's DataSource, durable H2 settings, one connection for
 * SQLite, the vendor detected from the connection. It offers transactions, Flyway migrations and a
 * health check, and hides the dialect and connection classes, so this package never depends on
 * the stores that use it.
 */
public final class JdbcDatabase implements AutoCloseable {

	/**
	 * Work on a connection.
	 *
	 * @param <T> the result
	 */
	@FunctionalInterface
	public interface Work<T> {

		/**
		 * Runs the work.
		 * @param connection the connection, in a transaction or in auto-commit mode as the caller chose
		 * @return the result
		 * @throws SQLException on a database error
		 */
		T run(Connection connection) throws SQLException;

	}

	private final Database db;

	private final SqlDialect dialect;

	private final String tablePrefix;

	private JdbcDatabase(SqlBackends.Connected connected, String tablePrefix) {
		this.db = connected.db();
		this.dialect = connected.dialect();
		this.tablePrefix = tablePrefix;
	}

	/**
	 * Connects as a backend configuration says: {@code url}, {@code username}, {@code password}, or
	 * else the host's DataSource; and validates {@code table-prefix}.
	 * @param configuration the backend's settings
	 * @param context the host's resources (a DataSource)
	 * @param storeName what needs the database, for the message when none is configured
	 * @return the open database
	 * @throws dev.workflow.backend.BackendConfigurationException if no database is configured or a
	 * setting is invalid
	 */
	public static JdbcDatabase open(BackendConfiguration configuration, BackendContext context, String storeName) {
		String prefix = SqlBackends.settings(configuration).tablePrefix();
		return new JdbcDatabase(SqlBackends.fromConfiguration(configuration, context, storeName), prefix);
	}

	/**
	 * The validated table prefix of the configuration this database was opened with.
	 * @return the prefix, lower case
	 */
	public String tablePrefix() {
		return this.tablePrefix;
	}

	/**
	 * The vendor's folder name for per-vendor migrations: {@code h2}, {@code postgresql} or {@code sqlite}.
	 * @return the folder name
	 */
	public String vendor() {
		return this.dialect.migrationFolder();
	}

	/**
	 * The database and where it is, without credentials, for the startup line: such as
	 * {@code PostgreSQL 127.0.0.1:5432/orders} or {@code H2 file:./data/wf}.
	 * @return the location
	 */
	public String location() {
		return DatabaseLocation.of(this.db, this.dialect.name());
	}

	/**
	 * The database product, for messages.
	 * @return the product name
	 */
	public String productName() {
		return this.dialect.name();
	}

	/**
	 * Creates or upgrades tables with Flyway from a classpath folder of migrations, keeping the
	 * history in a table of their own; {@code ${prefix}} in the scripts is the table prefix.
	 * @param location the classpath folder, such as {@code db/workflow-actors/h2}
	 * @param historyTable the Flyway history table
	 */
	public void migrate(String location, String historyTable) {
		this.db.migrate(location, historyTable, this.tablePrefix);
	}

	/**
	 * Runs work in one transaction: committed if it returns, rolled back if it throws.
	 * @param work the work
	 * @param failure what failed, the start of the exception's message
	 * @return the work's result
	 * @throws SqlBackendException on a database error
	 */
	public <T> T transaction(Work<T> work, String failure) {
		return this.db.transaction(work::run, failure);
	}

	/**
	 * Runs a read or a single statement in auto-commit mode.
	 * @param work the work
	 * @param failure what failed, the start of the exception's message
	 * @return the work's result
	 * @throws SqlBackendException on a database error
	 */
	public <T> T query(Work<T> work, String failure) {
		return this.db.query(work::run, failure);
	}

	/**
	 * Checks one connection with a trivial statement.
	 * @param failure what failed, the start of the exception's message
	 * @throws SqlBackendException if the database does not answer
	 */
	public void ping(String failure) {
		this.db.ping(failure);
	}

	/**
	 * An instant as stored: microseconds since the epoch, clamped to years -9999..9999 so that far
	 * instants keep their order.
	 * @param instant the instant
	 * @return the microseconds
	 */
	public static long micros(Instant instant) {
		return SqlInstants.micros(instant);
	}

	/**
	 * An instant from its stored microseconds.
	 * @param micros microseconds since the epoch
	 * @return the instant
	 */
	public static Instant instant(long micros) {
		return SqlInstants.instant(micros);
	}

	/**
	 * Opens again what {@link #close()} closed, for a store started again after a stop.
	 * @return whether connections were opened anew (an in-memory database then comes back empty)
	 * @throws SqlBackendException if the database cannot be opened
	 */
	public boolean reopen() {
		try {
			return this.db.reopen();
		}
		catch (SQLException ex) {
			throw new SqlBackendException("Cannot open the " + this.dialect.name() + " database again: " + ex.getMessage(),
					ex);
		}
	}

	/** Closes the connections this database opened itself (never a host's DataSource). */
	@Override
	public void close() throws Exception {
		this.db.close();
	}

}
