package dev.workflow.backend.sql;

/**
 * A database operation of a SQL workflow backend failed (the database is unreachable, a statement
 * failed). Workers back off and retry; client calls surface it to the caller.
 */
public class SqlBackendException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what failed
	 * @param cause the JDBC error
	 */
	public SqlBackendException(String message, Throwable cause) {
		super(message, cause);
	}

}
