package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-process wake-ups on PostgreSQL: after a commit that adds work, a NOTIFY on the backend's
 * channel; a listener thread on its own connection wakes this process's pollers. Polling remains
 * the fallback, so a lost notification only delays work.
 */
final class PostgresNotifier implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresNotifier.class);

	private final DataSource dataSource;

	private final String url;

	private final Properties credentials;

	private final String channel;

	private volatile boolean running;

	private Thread listener;

	/**
	 * @param channel the channel to listen and notify on, from a validated table prefix
	 */
	PostgresNotifier(DataSource dataSource, String url, Properties credentials, String channel) {
		this.dataSource = dataSource;
		this.url = url;
		this.credentials = credentials;
		this.channel = channel;
	}

	void start(Consumer<String> onNotify) {
		this.running = true;
		this.listener = new Thread(() -> listen(onNotify), "workflow-pg-listener");
		this.listener.setDaemon(true);
		this.listener.start();
	}

	private Connection open() throws SQLException {
		return this.url != null ? DriverManager.getConnection(this.url, this.credentials) : this.dataSource.getConnection();
	}

	private void listen(Consumer<String> onNotify) {
		while (this.running) {
			try (Connection c = open()) {
				try (Statement st = c.createStatement()) {
					st.execute("LISTEN " + this.channel);
				}
				PGConnection pg = c.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] notes = pg.getNotifications(500);
					if (notes != null) {
						for (PGNotification n : notes) {
							onNotify.accept(n.getParameter());
						}
					}
				}
			}
			catch (SQLException ex) {
				if (this.running) {
					log.debug("LISTEN connection failed, retrying in 1s: {}", ex.toString());
					try {
						Thread.sleep(1000);
					}
					catch (InterruptedException ie) {
						return;
					}
				}
			}
		}
	}

	/** Queues a notification in the caller's transaction; PostgreSQL delivers it at commit. */
	void notifyInTransaction(Connection c, String payload) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
			ps.setString(1, this.channel);
			ps.setString(2, payload);
			ps.execute();
		}
	}

	@Override
	public void close() {
		this.running = false;
		Thread t = this.listener;
		if (t != null) {
			t.interrupt();
			try {
				// a start() right after must not leave two listeners running; the loop checks
				// running at least every half second
				t.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
