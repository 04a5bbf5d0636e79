package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
	 * How pollers lease work on this database: optimistically (read candidates, then a guarded
	 * update) unless the database can skip locked rows.
	 * @param betweenReadAndClaim a test hook the optimistic claim runs between its read and update
	 */
	ClaimStrategy claimStrategy(SqlAccess sql, SqlTables tables, String owner, Runnable betweenReadAndClaim) {
		return new OptimisticClaims(sql, tables, owner, betweenReadAndClaim);
	}

	/** What locks the selected row until the transaction ends ("" where one writer is the rule). */
	String forUpdate() {
		return " FOR UPDATE";
	}

	/** Whether the database can notify other processes of new work (LISTEN/NOTIFY). */
	boolean supportsNotify() {
		return false;
	}

	/**
	 * Whether an insert may end in {@code ON CONFLICT DO NOTHING}, so that creating an instance
	 * whose id is new (the usual case) needs no read first.
	 */
	boolean insertsOrIgnores() {
		return false;
	}

	/**
	 * Whether one statement may write several tables ({@code WITH ... AS (UPDATE ... RETURNING ...)
	 * INSERT ...}), so that a start and most turns take one round trip each.
	 */
	boolean writesInOneStatement() {
		return false;
	}

	/**
	 * Whether an interrupt of a thread inside a commit can close the whole database (H2: its store
	 * panics when a thread waiting for a map lock during the commit is interrupted, and closes the
	 * database for every session), so transactions must run where no interrupt reaches them.
	 */
	boolean diesOfInterruptedCommits() {
		return false;
	}

	/** Whether an update can return the rows it changed ({@code UPDATE ... RETURNING}). */
	boolean updatesReturning() {
		return false;
	}

	/**
	 * Prepares an insert whose generated {@code id} is read through {@code getGeneratedKeys()}: for
	 * databases without {@code INSERT ... RETURNING} ({@link #updatesReturning()} false).
	 */
	PreparedStatement prepareReturningId(Connection c, String insert) throws SQLException {
		return c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS);
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
		boolean updatesReturning() {
			return true;
		}

		@Override
		boolean insertsOrIgnores() {
			return true;
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
		boolean diesOfInterruptedCommits() {
			return true;
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
		boolean writesInOneStatement() {
			return true;
		}

		@Override
		boolean updatesReturning() {
			return true;
		}

		@Override
		boolean insertsOrIgnores() {
			return true;
		}

		@Override
		String migrationFolder() {
			return "postgresql";
		}

		@Override
		ClaimStrategy claimStrategy(SqlAccess sql, SqlTables tables, String owner, Runnable betweenReadAndClaim) {
			return new SkipLockedClaims(sql, tables, owner);
		}

		@Override
		boolean supportsNotify() {
			return true;
		}

	}

}
