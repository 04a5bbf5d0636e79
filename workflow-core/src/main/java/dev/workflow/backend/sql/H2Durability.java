package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes commits to an embedded H2 database durable against the death of the process. H2 writes a
 * commit to its file only {@code WRITE_DELAY} milliseconds later (500 by default), from a
 * background thread; a process killed in between loses writes that callers already saw succeed.
 * With {@code WRITE_DELAY=0} every commit is written to the file before it returns. That is a
 * write, not an fsync: it survives the death of the process, while a power loss can still take
 * the last commits. The setting lives only as long as the database is open, so it goes into the
 * url, where it applies whenever the database is opened again.
 */
final class H2Durability {

	private static final Logger log = LoggerFactory.getLogger(H2Durability.class);

	private static final Pattern WRITE_DELAY = Pattern.compile(";\\s*WRITE_DELAY\\s*=\\s*([^;]*)", Pattern.CASE_INSENSITIVE);

	/** What is appended to an embedded H2 url that does not choose a write delay itself. */
	static final String DURABLE_SETTING = ";WRITE_DELAY=0";

	private H2Durability() {
	}

	/**
	 * The url to open: an embedded H2 database gets {@code ;WRITE_DELAY=0} unless the url sets a
	 * write delay itself (that choice is kept, and logged at INFO when it is not 0). In-memory
	 * databases (nothing to lose to a crash that is not lost anyway) and H2 servers (the server
	 * process owns the file; our crash loses nothing it committed) are left as they are.
	 * @param url a JDBC url
	 * @return the url to connect with
	 */
	static String url(String url) {
		if (!isEmbeddedFile(url)) {
			return url;
		}
		Matcher m = WRITE_DELAY.matcher(url);
		if (m.find()) {
			String delay = m.group(1).trim();
			if (!delay.equals("0")) {
				log.info("The H2 url of the workflow database sets WRITE_DELAY={}: H2 writes each commit to the file up "
						+ "to that many milliseconds after it returns, so a crash of the process can lose workflow writes "
						+ "that callers saw succeed. Without WRITE_DELAY in the url the backend uses WRITE_DELAY=0.", delay);
			}
			return url;
		}
		return nonInterruptible(url) + DURABLE_SETTING;
	}

	/**
	 * With {@code WRITE_DELAY=0} the thread that commits writes the file itself, and a
	 * {@code FileChannel} is closed when the thread writing to it is interrupted: H2 then closes the
	 * whole database under every connection ("The database has been closed"). Client threads get
	 * interrupted (a cancelled future, a web request timing out, a shutdown), so the file is opened
	 * through H2's {@code async:} file system, whose channel an interrupt does not close. A url that
	 * names a file system of its own ({@code nio:}, {@code split:}, ...) is kept as it is.
	 */
	static String nonInterruptible(String url) {
		String rest = url.substring(8);
		if (rest.regionMatches(true, 0, "file:", 0, 5)) {
			return "jdbc:h2:async:" + rest.substring(5);
		}
		// a scheme has two or more letters before the colon (a Windows drive letter has one)
		if (rest.matches("(?s)[A-Za-z][A-Za-z0-9]+:.*")) {
			return url;
		}
		return "jdbc:h2:async:" + rest;
	}

	/** Whether the url opens an H2 database file in this process. */
	static boolean isEmbeddedFile(String url) {
		if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
			return false;
		}
		String rest = url.substring(8).toLowerCase(Locale.ROOT);
		return !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:"));
	}

	/**
	 * Starts compacting an embedded H2 database in the background while it runs with
	 * {@code WRITE_DELAY=0}. H2 rewrites half-empty parts of its file only from the background
	 * thread that a write delay above 0 starts; without it the file grows with every commit (about
	 * 5 GB in 100 s of full load in our measurement). Each second this compacts a bounded amount, as
	 * that thread would; it does nothing while the database has a write delay (H2 does it then).
	 * @param dataSource the pool on the database
	 * @return what stops the compaction
	 */
	static AutoCloseable startCompaction(javax.sql.DataSource dataSource) {
		java.util.concurrent.ScheduledExecutorService executor = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, "workflow-h2-compaction");
				t.setDaemon(true);
				return t;
			});
		executor.scheduleWithFixedDelay(() -> compactOnce(dataSource), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
		// no interrupt: an interrupted file write would make H2 close the file under the pool
		return () -> {
			executor.shutdown();
			executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
		};
	}

	private static volatile boolean compactionUnavailable;

	private static void compactOnce(javax.sql.DataSource dataSource) {
		if (compactionUnavailable) {
			return;
		}
		try (Connection c = dataSource.getConnection()) {
			H2Store.compact(c);
		}
		catch (LinkageError | ClassCastException ex) {
			// another H2 version whose internals differ: file growth is bounded only by restarts then
			compactionUnavailable = true;
			log.warn("Cannot compact the H2 database file in the background with this H2 version ({}); it grows until "
					+ "the database is closed", ex.toString());
		}
		catch (SQLException | RuntimeException ex) {
			log.debug("H2 background compaction skipped: {}", ex.toString());
		}
	}

	/** The H2 internals, in a class of their own so that nothing loads them unless H2 is used. */
	private static final class H2Store {

		/** H2's own default for its background compaction: rewrite chunks below this fill rate. */
		private static final int TARGET_FILL_RATE = 90;

		private static final int WRITE_LIMIT_BYTES = 16 * 1024 * 1024;

		static void compact(Connection c) throws SQLException {
			org.h2.engine.Session session = c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
			if (!(session instanceof org.h2.engine.SessionLocal local)) {
				return; // a server in another process owns the file
			}
			org.h2.mvstore.db.Store store = local.getDatabase().getStore();
			org.h2.mvstore.MVStore mv = store != null ? store.getMvStore() : null;
			if (mv == null || mv.isClosed() || mv.isReadOnly() || mv.getAutoCommitDelay() != 0) {
				return;
			}
			mv.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES);
		}

	}

	/**
	 * Checks an H2 database behind a DataSource that is not ours (the application's): its url is
	 * not ours to change, so a write delay above 0 is reported at WARN with the remedy.
	 * @param c a connection of that DataSource
	 */
	static void checkApplicationDatabase(Connection c) throws SQLException {
		String url = c.getMetaData().getURL();
		if (url == null || !isEmbeddedFile(url)) {
			return;
		}
		long delay = 0;
		// H2 lists WRITE_DELAY twice (the value stored with the database and the one in effect): take the larger
		try (Statement st = c.createStatement();
				ResultSet rs = st.executeQuery(
						"SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
			while (rs.next()) {
				try {
					delay = Math.max(delay, Long.parseLong(rs.getString(1).trim()));
				}
				catch (NumberFormatException ex) {
					// not a number: nothing to report
				}
			}
		}
		if (delay > 0) {
			log.warn("The application's H2 database {} writes each commit to its file up to {} ms after it returns "
					+ "(WRITE_DELAY), so a crash of the process can lose workflow writes that callers saw succeed. Add "
					+ "{} to the DataSource url, or give the workflow backend its own url "
					+ "(dapr.workflow.backend-configuration.url), where it is set by default.", url, delay, DURABLE_SETTING);
		}
	}

	/**
	 * A hint for a connection failure caused by the added setting: H2 lets only admin users set it.
	 * @param url the url that was opened
	 * @param failure why the connection failed
	 * @return the hint, starting with a space, or an empty string
	 */
	static String failureHint(String url, Throwable failure) {
		if (url == null || !url.endsWith(DURABLE_SETTING)) {
			return "";
		}
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && sql.getErrorCode() == 90040) {
				return " (the workflow backend adds " + DURABLE_SETTING + " to H2 file urls so that every commit is in the "
						+ "file before the call returns, and H2 lets only admin users set it: connect as an admin user of the "
						+ "database, or set WRITE_DELAY in the url yourself to accept losing the last writes on a crash)";
			}
		}
		return "";
	}

	/** A table H2 builds while it alters another by copying: {@code <TABLE>_COPY_<n>_<m>}. */
	private static final Pattern ALTER_COPY = Pattern.compile("(.+)_COPY_\\d+_\\d+");

	/**
	 * Finishes or cleans up an {@code ALTER TABLE} of ours that a crash interrupted on H2. H2 alters
	 * some tables by copying: it creates {@code <TABLE>_COPY_<n>_<m>} with the new structure, copies
	 * the rows, drops the table and renames the copy, each step committed on its own. A process
	 * killed between the drop and the rename leaves the copy (complete: the drop came after the
	 * copying) and no table, so the migration that is run again finds no table to alter. Here the
	 * copy is renamed back; a copy beside its table (killed before the drop) is dropped, the table
	 * being intact. Only tables whose names start with {@code tablePrefix} are touched; on other
	 * databases this does nothing.
	 * @param c a connection to the database, before its migrations run
	 * @param tablePrefix the prefix of the backend's tables
	 * @throws SQLException if the database cannot be read or changed
	 */
	static void repairInterruptedAlters(Connection c, String tablePrefix) throws SQLException {
		if (!"H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())) {
			return;
		}
		String prefix = tablePrefix.toUpperCase(Locale.ROOT);
		java.util.Set<String> tables = new java.util.HashSet<>();
		try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] { "TABLE" })) {
			while (rs.next()) {
				String schema = rs.getString("TABLE_SCHEM");
				if (schema == null || !schema.equalsIgnoreCase("INFORMATION_SCHEMA")) {
					tables.add(rs.getString("TABLE_NAME"));
				}
			}
		}
		for (String table : tables) {
			Matcher m = ALTER_COPY.matcher(table);
			if (!table.startsWith(prefix) || !m.matches()) {
				continue;
			}
			String original = m.group(1);
			try (Statement st = c.createStatement()) {
				if (tables.contains(original)) {
					log.warn("Dropping {}, left by an ALTER TABLE of {} that a crash interrupted before it was done",
							table, original);
					st.execute("DROP TABLE \"" + table + "\"");
				}
				else {
					log.warn("Renaming {} to {}: a crash interrupted an ALTER TABLE between dropping {} and putting its "
							+ "altered copy in its place", table, original, original);
					st.execute("ALTER TABLE \"" + table + "\" RENAME TO \"" + original + "\"");
				}
			}
			if (!c.getAutoCommit()) {
				c.commit();
			}
		}
	}

}
