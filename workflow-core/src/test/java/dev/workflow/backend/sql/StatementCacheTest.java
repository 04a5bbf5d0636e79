package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements kept open on SQLite's single connection: a closed statement is handed out again with
 * its parameters cleared, one still in use is never handed to a second caller, and a new
 * connection gets statements of its own.
 */
class StatementCacheTest {

	private static Connection open() throws SQLException {
		Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
		try (Statement st = c.createStatement()) {
			st.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
			st.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
		}
		return c;
	}

	private static String value(PreparedStatement ps, int key) throws SQLException {
		ps.setInt(1, key);
		try (ResultSet rs = ps.executeQuery()) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

	@Test
	void aClosedStatementIsHandedOutAgainWithItsParametersCleared() throws Exception {
		StatementCache cache = new StatementCache();
		try (Connection c = open()) {
			PreparedStatement first = cache.prepare(c, "SELECT v FROM t WHERE k = ?");
			assertThat(value(first, 1)).isEqualTo("one");
			first.close();
			assertThat(first.isClosed()).as("kept open").isFalse();
			PreparedStatement again = cache.prepare(c, "SELECT v FROM t WHERE k = ?");
			assertThat(again).isSameAs(first);
			// the parameter of the earlier use is gone: k = NULL matches no row
			try (ResultSet rs = again.executeQuery()) {
				assertThat(rs.next()).isFalse();
			}
			assertThat(value(again, 2)).isEqualTo("two");
			again.close();
			cache.clear();
		}
	}

	@Test
	void aStatementInUseIsNotSharedAndANewConnectionGetsItsOwn() throws Exception {
		StatementCache cache = new StatementCache();
		try (Connection c = open()) {
			PreparedStatement outer = cache.prepare(c, "SELECT v FROM t WHERE k = ?");
			PreparedStatement inner = cache.prepare(c, "SELECT v FROM t WHERE k = ?");
			assertThat(inner).isNotSameAs(outer);
			outer.setInt(1, 1);
			try (ResultSet rs = outer.executeQuery()) {
				assertThat(value(inner, 2)).isEqualTo("two");
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).as("the outer result is untouched").isEqualTo("one");
			}
			inner.close();
			assertThat(inner.isClosed()).as("not kept: an ordinary statement").isTrue();
			outer.close();
		}
		try (Connection other = open()) {
			PreparedStatement ps = cache.prepare(other, "SELECT v FROM t WHERE k = ?");
			assertThat(value(ps, 1)).isEqualTo("one");
			assertThat(ps.getConnection()).isSameAs(other);
			ps.close();
			cache.clear();
		}
	}

}
