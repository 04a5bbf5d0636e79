package dev.workflow.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * A JDBC driver for urls {@code jdbc:counting:<rest>} that opens {@code jdbc:<rest>} with the real
 * driver and counts, on every connection it hands out, the statements executed and the round
 * trips to the server (an execute, a batch, a commit or a rollback each take one). It stands in
 * for {@code pg_stat_statements}, which needs the server restarted with the module preloaded: the
 * benchmark must run against a server it may not restart.
 */
final class CountingDriver implements Driver {

	/** The url prefix this driver accepts. */
	static final String PREFIX = "jdbc:counting:";

	private static final CountingDriver INSTANCE = new CountingDriver();

	private static final LongAdder statements = new LongAdder();

	private static final LongAdder roundTrips = new LongAdder();

	private static final LongAdder commits = new LongAdder();

	private static final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();

	private static volatile boolean registered;

	private CountingDriver() {
	}

	/** Registers the driver once; later calls do nothing. */
	static synchronized void register() throws SQLException {
		if (!registered) {
			DriverManager.registerDriver(INSTANCE);
			registered = true;
		}
	}

	/** The counting form of a JDBC url. */
	static String wrap(String jdbcUrl) {
		if (!jdbcUrl.startsWith("jdbc:")) {
			throw new IllegalArgumentException("Not a JDBC url: '" + jdbcUrl + "' (expected jdbc:...)");
		}
		return PREFIX + jdbcUrl.substring("jdbc:".length());
	}

	/** Statements, round trips and commits counted so far: {@code [statements, roundTrips, commits]}. */
	static long[] snapshot() {
		return new long[] { statements.sum(), roundTrips.sum(), commits.sum() };
	}

	/** Executions per SQL text so far (the text shortened to its first 90 characters). */
	static Map<String, Long> bySql() {
		Map<String, Long> copy = new TreeMap<>();
		bySql.forEach((k, v) -> copy.put(k, v.sum()));
		return copy;
	}

	private static void count(String sql) {
		String key = sql == null ? "?" : sql.replaceAll("\\s+", " ").trim();
		key = key.length() > 90 ? key.substring(0, 90) : key;
		bySql.computeIfAbsent(key, k -> new LongAdder()).increment();
	}

	@Override
	public Connection connect(String url, Properties info) throws SQLException {
		if (!acceptsURL(url)) {
			return null;
		}
		Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
		return wrap(real, Connection.class);
	}

	@Override
	public boolean acceptsURL(String url) {
		return url != null && url.startsWith(PREFIX);
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
		return new DriverPropertyInfo[0];
	}

	@Override
	public int getMajorVersion() {
		return 1;
	}

	@Override
	public int getMinorVersion() {
		return 0;
	}

	@Override
	public boolean jdbcCompliant() {
		return false;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException("The counting driver has no logger of its own");
	}

	@SuppressWarnings("unchecked")
	private static <T> T wrap(T target, Class<T> type) {
		return wrap(target, type, null);
	}

	@SuppressWarnings("unchecked")
	private static <T> T wrap(T target, Class<T> type, String sql) {
		return (T) Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] { type },
				new Counting(target, sql));
	}

	/** Counts the calls that reach the server and wraps the statements a connection creates. */
	private static final class Counting implements InvocationHandler {

		private final Object target;

		/** The SQL of a prepared statement, null for a plain statement or a connection. */
		private final String sql;

		private int batched;

		Counting(Object target, String sql) {
			this.target = target;
			this.sql = sql;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			String name = method.getName();
			if (name.equals("unwrap") && args != null && args[0] instanceof Class<?> c && c.isInstance(this.target)) {
				return this.target;
			}
			Object result;
			try {
				result = method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			switch (name) {
				case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> {
					count(args != null && args.length > 0 && args[0] instanceof String text ? text : this.sql);
					statements.increment();
					roundTrips.increment();
				}
				case "addBatch" -> this.batched++;
				case "executeBatch", "executeLargeBatch" -> {
					count("[batch] " + this.sql);
					statements.add(Math.max(1, this.batched));
					this.batched = 0;
					roundTrips.increment();
				}
				case "commit" -> {
					count("[commit]");
					commits.increment();
					roundTrips.increment();
				}
				case "rollback" -> roundTrips.increment();
				default -> {
				}
			}
			// statements a connection creates are counted too
			if (result instanceof CallableStatement cs && method.getReturnType() == CallableStatement.class) {
				return wrap(cs, CallableStatement.class, (String) args[0]);
			}
			if (result instanceof PreparedStatement ps && method.getReturnType() == PreparedStatement.class) {
				return wrap(ps, PreparedStatement.class, (String) args[0]);
			}
			if (result instanceof Statement s && method.getReturnType() == Statement.class) {
				return wrap(s, Statement.class);
			}
			return result;
		}

	}

}
