package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import dev.workflow.backend.BackendConfigurationException;

/**
 * What differs between the supported databases. Everything else is one SQL implementation.
 */
abstract class SqlDialect {

	/** The product name, for logs. */
	abstract String name();

	/** The Flyway migration folder under {@code db/workflow}. */
	abstract String migrationFolder();

	/** Whether all access must go through one connection (SQLite: one writer, no SQLITE_BUSY). */
	boolean singleConnection() {
		return false;
	}

	/**
	 * A statement that claims one ready workflow instance in one step, or null to claim
	 * optimistically (select candidates, then a guarded update). Parameters: token, owner,
	 * expires, now, now. Returns instance_id and attempt.
	 */
	String claimWorkflowSql(String p) {
		return null;
	}

	/**
	 * A statement that claims one ready activity in one step, or null to claim optimistically.
	 * Parameters: token, expires, now. Returns id and attempt.
	 */
	String claimActivitySql(String p) {
		return null;
	}

	/** What locks the selected row until the transaction ends ("" where one writer is the rule). */
	String forUpdate() {
		return " FOR UPDATE";
	}

	/** Whether the database can notify other processes of new work (LISTEN/NOTIFY). */
	boolean supportsNotify() {
		return false;
	}

	static SqlDialect detect(Connection connection) throws SQLException {
		DatabaseMetaData meta = connection.getMetaData();
		String product = meta.getDatabaseProductName();
		String p = product.toLowerCase(Locale.ROOT);
		if (p.contains("postgresql")) {
			return new PostgresDialect();
		}
		if (p.equals("h2")) {
			return new H2Dialect();
		}
		if (p.contains("sqlite")) {
			return new SqliteDialect();
		}
		throw new BackendConfigurationException("Unsupported database '" + product + " " + meta.getDatabaseProductVersion()
				+ "' for the workflow SQL backends; supported databases are PostgreSQL, H2 and SQLite", "url",
				List.of("PostgreSQL", "H2", "SQLite"));
	}

	static final class SqliteDialect extends SqlDialect {

		@Override
		String name() {
			return "SQLite";
		}

		@Override
		String migrationFolder() {
			return "sqlite";
		}

		@Override
		boolean singleConnection() {
			return true;
		}

		@Override
		String forUpdate() {
			return "";
		}

	}

	static final class H2Dialect extends SqlDialect {

		@Override
		String name() {
			return "H2";
		}

		@Override
		String migrationFolder() {
			return "h2";
		}

	}

	static final class PostgresDialect extends SqlDialect {

		@Override
		String name() {
			return "PostgreSQL";
		}

		@Override
		String migrationFolder() {
			return "postgresql";
		}

		@Override
		String claimWorkflowSql(String p) {
			return "UPDATE " + p + "instances SET lock_token = ?, lock_owner = ?, lock_expires = ?, attempt = attempt + 1 "
					+ "WHERE instance_id = (SELECT x.instance_id FROM " + p + "inbox x JOIN " + p + "instances i "
					+ "ON i.instance_id = x.instance_id WHERE x.visible_at <= ? AND (i.lock_expires IS NULL OR i.lock_expires < ?) "
					+ "AND i.status NOT IN ('COMPLETED', 'FAILED', 'TERMINATED', 'CANCELED') "
					+ "ORDER BY x.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED) RETURNING instance_id, attempt, execution_id";
		}

		@Override
		String claimActivitySql(String p) {
			return "UPDATE " + p + "activities SET lock_token = ?, lock_expires = ?, attempt = attempt + 1 "
					+ "WHERE id = (SELECT id FROM " + p + "activities WHERE visible_at <= ? AND (lock_expires IS NULL OR lock_expires < ?) "
					+ "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, attempt";
		}

		@Override
		boolean supportsNotify() {
			return true;
		}

	}

}
