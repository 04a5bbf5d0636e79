package dev.workflow.backend.sql;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.BackendContext;

/**
 * Builds SQL backends from configuration: validates the table prefix and durations, finds the
 * driver, opens connections, detects the dialect.
 */
final class SqlBackends {

	static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(2);

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");

	static final Set<String> COMMON_KEYS = Set.of("table-prefix", "orchestration-lock-timeout", "activity-lock-timeout",
			"min-polling-interval", "max-polling-interval", "statement-timeout");

	static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);

	/** Below this a poller that finds nothing would keep a core busy. */
	static final Duration MIN_POLLING_FLOOR = Duration.ofMillis(1);

	/** Above this new work would wait too long for an idle poller. */
	static final Duration POLLING_CEILING = Duration.ofMinutes(1);

	static final Duration STATEMENT_TIMEOUT_CEILING = Duration.ofHours(1);

	private SqlBackends() {
	}

	static SqlWorkflowBackend.Settings settings(BackendConfiguration config) {
		String prefix = config.getString("table-prefix", "wf_");
		if (!PREFIX.matcher(prefix).matches()) {
			throw new BackendConfigurationException("Invalid table-prefix '" + prefix
					+ "': it must be an SQL identifier of 1 to 30 letters, digits and '_', not starting with a digit "
					+ "(for example wf_ or orders_wf_)", "table-prefix", List.of("wf_"));
		}
		Duration min = within(config, "min-polling-interval", Duration.ofMillis(10), MIN_POLLING_FLOOR, POLLING_CEILING);
		Duration max = within(config, "max-polling-interval", Duration.ofMillis(250), MIN_POLLING_FLOOR, POLLING_CEILING);
		if (max.compareTo(min) < 0) {
			throw new BackendConfigurationException("Invalid max-polling-interval '" + text(max) + "': it must not be "
					+ "below min-polling-interval (" + text(min) + "); allowed is " + text(min) + " to "
					+ text(POLLING_CEILING), "max-polling-interval", List.of(text(min) + ".." + text(POLLING_CEILING)));
		}
		Duration statementTimeout = within(config, "statement-timeout", DEFAULT_STATEMENT_TIMEOUT, Duration.ofMillis(1),
				STATEMENT_TIMEOUT_CEILING);
		return new SqlWorkflowBackend.Settings(prefix.toLowerCase(java.util.Locale.ROOT),
				config.getLockTimeout("orchestration-lock-timeout", DEFAULT_LOCK_TIMEOUT),
				config.getLockTimeout("activity-lock-timeout", DEFAULT_LOCK_TIMEOUT), min, max, statementTimeout);
	}

	/** A duration setting, rejected with the key, the value and the allowed range when outside it. */
	private static Duration within(BackendConfiguration config, String key, Duration defaultValue, Duration least,
			Duration most) {
		Duration value = config.getDuration(key, defaultValue);
		if (value.compareTo(least) < 0 || value.compareTo(most) > 0) {
			throw new BackendConfigurationException("Invalid " + key + " '" + config.getString(key, null) + "' (" + value
					+ "): allowed is " + text(least) + " to " + text(most) + " (default " + text(defaultValue) + ")", key,
					List.of(text(least) + ".." + text(most)));
		}
		return value;
	}

	/** A duration as users write it in configuration (1ms, 10s, 1m, 1h). */
	static String text(Duration d) {
		if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
			return d.toMillis() + "ms";
		}
		long s = d.toSeconds();
		return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
	}

	static void requireDriver(String url) {
		try {
			DriverManager.getDriver(url);
		}
		catch (SQLException ex) {
			throw new BackendConfigurationException(dev.workflow.backend.JdbcUrls.mask("No JDBC driver on the class path "
					+ "accepts the url '" + url + "'; add the driver of your database (org.postgresql:postgresql, "
					+ "com.h2database:h2 or org.xerial:sqlite-jdbc)"), "url",
					List.of("jdbc:postgresql:", "jdbc:h2:", "jdbc:sqlite:"));
		}
	}

	/**
	 * An open database: connections, the detected dialect, and what the PostgreSQL listener needs.
	 */
	record Connected(Database db, SqlDialect dialect, DataSource dataSource, String url, Properties credentials) {
	}

	/** SQLite on one connection (WAL, synchronous=FULL, immediate write transactions, busy timeout). */
	static Connected sqlite(String connectionString) {
		return sqlite(connectionString, Duration.ofSeconds(30));
	}

	/**
	 * SQLite on one connection; {@code busyTimeout} bounds how long a write waits for another
	 * process's write lock (SQLite's form of the statement timeout).
	 */
	static Connected sqlite(String connectionString, Duration busyTimeout) {
		String url = sqliteUrl(connectionString);
		requireDriver(url);
		boolean memory = url.contains(":memory:") || url.contains("mode=memory");
		Properties props = new Properties();
		// Write transactions take the write lock up front and wait for it (busy timeout) instead of
		// failing with SQLITE_BUSY when another connection (another process) writes.
		props.setProperty("transaction_mode", "IMMEDIATE");
		props.setProperty("busy_timeout", Long.toString(Math.max(1, busyTimeout.toMillis())));
		props.setProperty("synchronous", "FULL");
		if (!memory) {
			props.setProperty("journal_mode", "WAL");
		}
		try {
			// a start after a stop opens the file again (an in-memory database starts empty then,
			// as after a restart of the process)
			Database.Reopen open = () -> {
				Connection c = DriverManager.getConnection(url, props);
				if (memory) {
					return Database.singleConnection(c);
				}
				try {
					// reads on a connection of their own: a WAL reader never waits for the writer
					Properties readerProps = new Properties();
					readerProps.setProperty("busy_timeout", props.getProperty("busy_timeout"));
					return Database.singleConnection(c, DriverManager.getConnection(url, readerProps));
				}
				catch (SQLException | RuntimeException ex) {
					c.close();
					throw ex;
				}
			};
			Database db = open.open().reopenable(open);
			return new Connected(db, new SqlDialect.SqliteDialect(), null, url, null);
		}
		catch (SQLException ex) {
			throw new BackendConfigurationException(dev.workflow.backend.JdbcUrls.mask("Cannot open the SQLite database '"
					+ connectionString + "': " + ex.getMessage()), "connection-string",
					List.of(":memory:", "file:./data/workflows.db"));
		}
	}

	static String sqliteUrl(String connectionString) {
		String s = connectionString.trim();
		if (s.startsWith("jdbc:sqlite:")) {
			return s;
		}
		if (s.equals(":memory:")) {
			return "jdbc:sqlite::memory:";
		}
		String path = s.startsWith("file:") ? s.substring(5) : s;
		int query = path.indexOf('?');
		String file = query >= 0 ? path.substring(0, query) : path;
		File parent = new File(file).getAbsoluteFile().getParentFile();
		if (parent != null && !parent.exists() && !parent.mkdirs()) {
			throw new BackendConfigurationException(dev.workflow.backend.JdbcUrls.mask("Cannot create the folder '" + parent
					+ "' for the SQLite database '" + connectionString + "'"), "connection-string", List.of());
		}
		return "jdbc:sqlite:" + path;
	}

	/** A database by JDBC url, with its own connection pool (SQLite: its one connection). */
	static Connected url(String url, String username, String password) {
		return url(url, username, password, null);
	}

	/**
	 * A database by JDBC url, with its own connection pool (SQLite: its one connection).
	 * @param statementTimeout on PostgreSQL, set as the {@code statement_timeout} of every pooled
	 * connection when the pool opens it (so no statement needs a query timeout, for which PgJDBC
	 * schedules a cancel timer each time); {@code null} for none
	 */
	static Connected url(String url, String username, String password, Duration statementTimeout) {
		requireDriver(url);
		if (url.startsWith("jdbc:sqlite:")) {
			return sqlite(url);
		}
		// an embedded H2 file gets WRITE_DELAY=0, so that a commit is in the file when the call returns, on
		// the async: file system, so that an interrupted caller cannot close the file under every session
		String durableUrl = H2Durability.url(url);
		boolean timeoutInSession = statementTimeout != null && durableUrl.startsWith("jdbc:postgresql:");
		HikariDataSource ds = pool(durableUrl, username, password, timeoutInSession ? statementTimeout : null);
		AutoCloseable owned = owning(ds, durableUrl);
		Properties credentials = new Properties();
		if (username != null) {
			credentials.setProperty("user", username);
		}
		if (password != null) {
			credentials.setProperty("password", password);
		}
		try {
			Connected c = dataSource(ds, owned, durableUrl, credentials, timeoutInSession);
			// a start after a stop opens a new pool: the one stop() closed cannot be reopened
			Database db = c.db().reopenable(() -> {
				HikariDataSource again = pool(durableUrl, username, password, timeoutInSession ? statementTimeout : null);
				return Database.pooled(again, owning(again, durableUrl), timeoutInSession);
			});
			return new Connected(db, c.dialect(), c.dataSource(), c.url(), c.credentials());
		}
		catch (RuntimeException ex) {
			try {
				owned.close();
			}
			catch (Exception suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw ex;
		}
	}

	/**
	 * Our own connection pool.
	 * @param sessionStatementTimeout set as the {@code statement_timeout} of every connection when
	 * the pool opens it (PostgreSQL only), or {@code null}
	 */
	private static HikariDataSource pool(String url, String username, String password,
			Duration sessionStatementTimeout) {
		HikariConfig hc = new HikariConfig();
		hc.setJdbcUrl(url);
		hc.setUsername(username);
		hc.setPassword(password);
		hc.setPoolName("workflow");
		hc.setMaximumPoolSize(16);
		hc.setInitializationFailTimeout(-1);
		hc.setConnectionTimeout(10_000);
		if (sessionStatementTimeout != null) {
			// a whole number of milliseconds, from a validated duration: nothing here comes from text
			hc.setConnectionInitSql("SET statement_timeout = " + Math.max(1, sessionStatementTimeout.toMillis()));
		}
		return new HikariDataSource(hc);
	}

	/** What closing the pool of {@code url} closes: the pool, and H2's compaction thread for a file. */
	private static AutoCloseable owning(HikariDataSource ds, String url) {
		if (!H2Durability.isEmbeddedFile(url)) {
			return ds;
		}
		AutoCloseable compaction = H2Durability.startCompaction(ds);
		return () -> {
			compaction.close();
			ds.close();
		};
	}

	/** A database behind an existing DataSource (the application's, in Spring). */
	static Connected dataSource(DataSource ds, AutoCloseable owned, String url, Properties credentials) {
		return dataSource(ds, owned, url, credentials, false);
	}

	/**
	 * @param timeoutInSession whether the pool's connections carry the statement timeout as a
	 * session setting (a pool of our own, see {@link #url(String, String, String, Duration)}); an
	 * application's pool never does, since its sessions are not ours to change
	 */
	private static Connected dataSource(DataSource ds, AutoCloseable owned, String url, Properties credentials,
			boolean timeoutInSession) {
		SqlDialect dialect;
		try (Connection c = ds.getConnection()) {
			dialect = SqlDialect.detect(c);
			if (url == null && dialect instanceof SqlDialect.H2Dialect) {
				H2Durability.checkApplicationDatabase(c);
			}
		}
		catch (SQLException ex) {
			throw new BackendConfigurationException(dev.workflow.backend.JdbcUrls.mask("Cannot connect to the workflow "
					+ "database" + (url != null ? " '" + url + "'" : "") + ": " + ex.getMessage()
					+ H2Durability.failureHint(url, ex)), "url", List.of());
		}
		if (dialect.singleConnection()) {
			try {
				Database db = Database.singleConnection(ds.getConnection())
					.reopenable(() -> Database.singleConnection(ds.getConnection()));
				return new Connected(db, dialect, null, url, credentials);
			}
			catch (SQLException ex) {
				throw new BackendConfigurationException(
						dev.workflow.backend.JdbcUrls.mask("Cannot connect to the workflow database: " + ex.getMessage()),
						"url", List.of());
			}
		}
		return new Connected(Database.pooled(ds, owned, timeoutInSession), dialect, ds, url, credentials);
	}

	/** Connects as the configuration says: a url, or else the host's DataSource. */
	static Connected fromConfiguration(BackendConfiguration configuration, BackendContext context, String backendName) {
		return fromConfiguration(configuration, context, backendName, null);
	}

	/**
	 * Connects as the configuration says: a url, or else the host's DataSource.
	 * @param statementTimeout the statement timeout a pool of our own sets per session on
	 * PostgreSQL, or {@code null}
	 */
	static Connected fromConfiguration(BackendConfiguration configuration, BackendContext context, String backendName,
			Duration statementTimeout) {
		String url = configuration.getString("url", null);
		if (url != null) {
			return url(url, configuration.getString("username", null), configuration.getString("password", null),
					statementTimeout);
		}
		DataSource ds = context.find(DataSource.class)
			.orElseThrow(() -> new BackendConfigurationException("The " + backendName + " needs a database: set "
					+ "dapr.workflow.backend-configuration.url (with username and password), or define one DataSource bean",
					"url", List.of("url", "username", "password")));
		return dataSource(ds, null, null, null);
	}

	/** The workflow backend on a connected database. */
	static SqlWorkflowBackend backend(Connected c, SqlWorkflowBackend.Settings settings, Clock clock) {
		return backend(c, settings, clock, null);
	}

	/**
	 * The workflow backend on a connected database, whose client writes join the host's
	 * transactions when the database is the host's DataSource (no url; not SQLite's one connection).
	 */
	static SqlWorkflowBackend backend(Connected c, SqlWorkflowBackend.Settings settings, Clock clock,
			dev.workflow.backend.HostTransactions host) {
		DataSource hostDataSource = c.url() == null ? c.dataSource() : null;
		PostgresNotifier notifier = c.dialect().supportsNotify()
				? new PostgresNotifier(c.dataSource(), c.url(), c.credentials(),
						new SqlTables(settings.tablePrefix()).workChannel())
				: null;
		return new SqlWorkflowBackend(c.db(), c.dialect(), settings, clock, notifier, host, hostDataSource);
	}

}
