package dev.workflow.backend.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit on a real SQLite file: transactions queued behind one another commit together,
 * each keeps its own outcome, and a failed commit acknowledges none of the group.
 */
class GroupCommitTest {

	@TempDir
	Path dir;

	private Database open(String name) throws Exception {
		Database db = SqlBackends.sqlite(this.dir.resolve(name).toString()).db();
		db.inTransaction(c -> {
			try (Statement st = c.createStatement()) {
				st.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
			}
			return null;
		});
		return db;
	}

	private static Database.Work<Integer> insert(int k) {
		return c -> {
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
				ps.setInt(1, k);
				ps.setString(2, "v" + k);
				return ps.executeUpdate();
			}
		};
	}

	private static List<Integer> keys(Database db) throws SQLException {
		return db.run(c -> {
			List<Integer> keys = new ArrayList<>();
			try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT k FROM t ORDER BY k")) {
				while (rs.next()) {
					keys.add(rs.getInt(1));
				}
			}
			return keys;
		});
	}

	private static long groups(Database db) throws Exception {
		java.lang.reflect.Field f = Database.class.getDeclaredField("groups");
		f.setAccessible(true);
		return ((GroupCommit) f.get(db)).groupsRun();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void transactionsQueuedBehindOneCommitTogetherAndAFailedOneLosesOnlyItsOwnWrites() throws Exception {
		Database db = open("group.db");
		try {
			ExecutorService pool = Executors.newFixedThreadPool(17);
			try {
				CountDownLatch holding = new CountDownLatch(1);
				CountDownLatch release = new CountDownLatch(1);
				long before = groups(db);
				// the first holds the connection until the others queued behind it
				Future<Integer> first = pool.submit(() -> db.inTransaction(c -> {
					holding.countDown();
					awaitQuietly(release);
					return insert(0).run(c);
				}));
				assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
				List<Future<Integer>> others = new ArrayList<>();
				for (int i = 1; i <= 16; i++) {
					int k = i;
					others.add(pool.submit(() -> db.inTransaction(c -> {
						int n = insert(k).run(c);
						if (k % 4 == 0) {
							throw new SQLException("refused " + k);
						}
						return n;
					})));
				}
				// the queued ones are waiting for the connection
				Thread.sleep(300);
				release.countDown();
				assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
				for (int i = 1; i <= 16; i++) {
					Future<Integer> f = others.get(i - 1);
					if (i % 4 == 0) {
						int k = i;
						assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("refused " + k);
					}
					else {
						assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
					}
				}
				assertThat(keys(db)).containsExactly(0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15);
				assertThat(groups(db) - before).as("the first alone, then the queued ones in few groups")
					.isBetween(2L, 6L);
			}
			finally {
				pool.shutdownNow();
			}
		}
		finally {
			db.close();
		}
	}

	@Test
	void aCommitThatFailsAcknowledgesNoneOfItsGroup() throws Exception {
		Database db = open("deferred.db");
		try {
			db.inTransaction(c -> {
				try (Statement st = c.createStatement()) {
					st.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
					st.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER "
							+ "REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
				}
				return null;
			});
			db.run(c -> {
				try (Statement st = c.createStatement()) {
					st.execute("PRAGMA foreign_keys = ON");
				}
				return null;
			});
			// the foreign key is checked at the commit: a row without its parent fails the commit
			// of every transaction grouped with it
			Database.Work<Integer> orphan = c -> {
				try (Statement st = c.createStatement()) {
					return st.executeUpdate("INSERT INTO child (id, parent) VALUES (1, 42)");
				}
			};
			ExecutorService pool = Executors.newFixedThreadPool(7);
			try {
				CountDownLatch holding = new CountDownLatch(1);
				CountDownLatch release = new CountDownLatch(1);
				Future<Integer> first = pool.submit(() -> db.inTransaction(c -> {
					holding.countDown();
					awaitQuietly(release);
					return insert(100).run(c);
				}));
				assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
				List<Future<Integer>> group = new ArrayList<>();
				group.add(pool.submit(() -> db.inTransaction(orphan)));
				for (int k = 1; k <= 5; k++) {
					Database.Work<Integer> work = insert(k);
					group.add(pool.submit(() -> db.inTransaction(work)));
				}
				Thread.sleep(300);
				release.countDown();
				assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
				for (Future<Integer> f : group) {
					assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(keys(db)).containsExactly(100);
			int children = db.run(c -> {
				try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM child")) {
					rs.next();
					return rs.getInt(1);
				}
			});
			assertThat(children).isZero();
			// the connection is usable afterwards
			assertThat(db.inTransaction(insert(7))).isEqualTo(1);
			assertThat(keys(db)).containsExactly(7, 100);
		}
		finally {
			db.close();
		}
	}

}
