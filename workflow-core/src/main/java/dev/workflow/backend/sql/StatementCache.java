package dev.workflow.backend.sql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements kept open on the one connection of a SQLite database and handed out again
 * for the same SQL: the driver compiles every {@code prepareStatement} anew (it has no cache of its
 * own), and compiling was a large part of the CPU each workflow cost. Callers use a handed-out
 * statement as usual; its {@code close()} gives it back instead of closing it. A statement still in
 * use when the same SQL is asked for again is not shared: the second caller gets one of its own.
 * <p>
 * Only used under the lock that serializes all work on that connection; synchronized all the same.
 */
final class StatementCache {

	/** The most statements kept; beyond it, statements are prepared and closed as usual. */
	static final int MAX_STATEMENTS = 256;

	private final Map<String, Entry> statements = new HashMap<>();

	/** The connection the kept statements belong to; a reopened database has another. */
	private Connection connection;

	private static final class Entry {

		final PreparedStatement statement;

		final PreparedStatement handle;

		boolean inUse;

		Entry(PreparedStatement statement, PreparedStatement handle) {
			this.statement = statement;
			this.handle = handle;
		}

	}

	/**
	 * A statement for {@code sql} on {@code c}, kept open when closed by the caller.
	 * @param c the single connection
	 * @param sql the statement
	 * @return a prepared statement with no parameters set
	 * @throws SQLException if the statement cannot be prepared
	 */
	synchronized PreparedStatement prepare(Connection c, String sql) throws SQLException {
		if (c != this.connection) {
			this.statements.clear(); // the previous connection closed its statements with it
			this.connection = c;
		}
		Entry e = this.statements.get(sql);
		if (e != null && !e.inUse) {
			e.inUse = true;
			return e.handle;
		}
		PreparedStatement ps = c.prepareStatement(sql);
		if (e != null || this.statements.size() >= MAX_STATEMENTS) {
			return ps; // in use already, or the cache is full: an ordinary statement
		}
		Entry kept = new Entry(ps, handle(ps));
		kept.inUse = true;
		this.statements.put(sql, kept);
		return kept.handle;
	}

	/** Gives a statement back: its parameters are cleared, and it stays open for the next caller. */
	private synchronized void giveBack(PreparedStatement ps) throws SQLException {
		for (Entry e : this.statements.values()) {
			if (e.statement == ps) {
				try {
					ps.clearParameters();
				}
				finally {
					e.inUse = false;
				}
				return;
			}
		}
		ps.close(); // forgotten meanwhile (a reopened database): close it after all
	}

	/** Closes every kept statement (the connection is about to close, or was reopened). */
	synchronized void clear() {
		for (Entry e : this.statements.values()) {
			try {
				e.statement.close();
			}
			catch (SQLException ignored) {
				// the connection is going away; its statements go with it
			}
		}
		this.statements.clear();
		this.connection = null;
	}

	/** A view of {@code ps} whose {@code close()} gives it back. */
	private PreparedStatement handle(PreparedStatement ps) {
		return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
				new Class<?>[] { PreparedStatement.class }, (proxy, method, args) -> {
					switch (method.getName()) {
						case "close" -> {
							giveBack(ps);
							return null;
						}
						case "isClosed" -> {
							return false;
						}
						case "equals" -> {
							return proxy == args[0];
						}
						case "hashCode" -> {
							return System.identityHashCode(proxy);
						}
						default -> {
							try {
								return method.invoke(ps, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						}
					}
				});
	}

}
