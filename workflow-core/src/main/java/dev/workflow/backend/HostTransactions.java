package dev.workflow.backend;

import java.sql.Connection;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Transactions a host (Spring's transaction management) runs on the caller's thread, which a
 * backend's client writes may join, so that an application's own rows and a workflow start (or an
 * event) commit or roll back together. A backend finds it through
 * {@link BackendContext#find(Class)}; without one (plain Java) every write runs in a transaction of
 * its own.
 * <p>
 * Only a backend that stores in the host's own DataSource consults it, and only for the writes a
 * caller makes (creating an instance, adding an event); workers never run in a host transaction.
 */
@FunctionalInterface
public interface HostTransactions {

	/**
	 * The transaction the calling thread runs on {@code dataSource}, if it has one that writes may
	 * join.
	 * @param dataSource the DataSource the backend writes to
	 * @return the transaction, or empty when the caller runs outside one on that DataSource (then
	 * the backend commits its write itself, as without a host)
	 */
	Optional<Transaction> current(DataSource dataSource);

	/**
	 * A joined transaction: its connection, valid until {@link #release()}.
	 */
	interface Transaction {

		/**
		 * The transaction's connection. The backend neither commits, rolls back nor closes it: the
		 * host does, when the caller's transaction ends.
		 * @return the connection, not in auto-commit mode
		 */
		Connection connection();

		/**
		 * Runs an action once the transaction has committed (never when it rolls back), for what
		 * must not happen before the write is visible, such as waking this process's workers.
		 * @param action the action; exceptions it throws are the host's to log
		 */
		void afterCommit(Runnable action);

		/**
		 * Hands the connection back to the host; called once, after the backend's statements.
		 */
		void release();

	}

}
