package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.workflow.backend.HostTransactions;

/**
 * Runs a caller's writes (creating an instance, adding an event) in the caller's own transaction
 * when the host has one on the DataSource the backend writes to, else in a transaction of their
 * own. Joined, the write commits or rolls back with the caller's business rows, and what must wait
 * for the commit (waking this process's workers) waits for the caller's commit. A PostgreSQL
 * {@code NOTIFY} sent in the transaction needs no such care: the database delivers it on commit.
 */
final class ClientWrites {

	private final SqlAccess sql;

	/** Null when there is nothing to join: no host, or a database the host does not manage. */
	private final HostTransactions host;

	private final DataSource dataSource;

	ClientWrites(SqlAccess sql, HostTransactions host, DataSource dataSource) {
		this.sql = sql;
		this.host = (host != null && dataSource != null) ? host : null;
		this.dataSource = dataSource;
	}

	/**
	 * Runs a write.
	 * @param operation what the write does, for the message of a failure
	 * @param work the write
	 * @param afterCommit given the write's result once it is committed: at once in a transaction of
	 * its own, after the caller's commit when joined (never after a rollback)
	 * @return the write's result
	 */
	<T> T write(String operation, Database.Work<T> work, Consumer<T> afterCommit) {
		Optional<HostTransactions.Transaction> joined = this.host == null ? Optional.empty()
				: this.host.current(this.dataSource);
		if (joined.isEmpty()) {
			T result = this.sql.transaction(operation, work);
			afterCommit.accept(result);
			return result;
		}
		HostTransactions.Transaction tx = joined.get();
		try {
			T result = inSavepoint(tx.connection(), work);
			tx.afterCommit(() -> afterCommit.accept(result));
			return result;
		}
		catch (SQLException ex) {
			throw this.sql.failure(operation + " in the caller's transaction", ex);
		}
		finally {
			tx.release();
		}
	}

	/**
	 * Runs the work behind a savepoint, so that a write that fails (an existing instance, a lost
	 * insert race that is then decided again, a statement timeout) takes back only its own
	 * statements: on PostgreSQL a failed statement would otherwise abort the caller's whole
	 * transaction, and the caller may well want to go on without the workflow.
	 */
	private static <T> T inSavepoint(Connection c, Database.Work<T> work) throws SQLException {
		Savepoint savepoint = c.setSavepoint();
		T result;
		try {
			result = work.run(c);
		}
		catch (SQLException | RuntimeException | Error ex) {
			try {
				c.rollback(savepoint);
			}
			catch (SQLException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw ex;
		}
		c.releaseSavepoint(savepoint);
		return result;
	}

}
