package dev.workflow.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.workflow.backend.HostTransactions;

/**
 * The Spring-managed JDBC transaction of the calling thread (a {@code DataSourceTransactionManager},
 * or a JPA one that exposes its connection), joined through {@link DataSourceUtils}. Only a real,
 * writable transaction whose connection is bound to the backend's DataSource is joined; anything
 * else (no transaction, a read-only one, one on another DataSource, a bound connection in
 * auto-commit mode) leaves the backend to commit its write itself, as without Spring.
 */
final class SpringJdbcTransactions implements HostTransactions {

	@Override
	public Optional<Transaction> current(DataSource dataSource) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| !TransactionSynchronizationManager.isSynchronizationActive()
				|| TransactionSynchronizationManager.isCurrentTransactionReadOnly()
				|| !(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder)) {
			return Optional.empty();
		}
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			// a connection bound only for synchronization (say, during a transaction of another
			// resource) commits every statement on its own: joining it would not be atomic
			if (connection.getAutoCommit()) {
				DataSourceUtils.releaseConnection(connection, dataSource);
				return Optional.empty();
			}
		}
		catch (SQLException ex) {
			DataSourceUtils.releaseConnection(connection, dataSource);
			throw new IllegalStateException("Cannot read the state of the transaction's connection: " + ex.getMessage(),
					ex);
		}
		return Optional.of(new Joined(connection, dataSource));
	}

	private record Joined(Connection connection, DataSource dataSource) implements Transaction {

		@Override
		public void afterCommit(Runnable action) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
		}

		@Override
		public void release() {
			DataSourceUtils.releaseConnection(this.connection, this.dataSource);
		}

	}

}
