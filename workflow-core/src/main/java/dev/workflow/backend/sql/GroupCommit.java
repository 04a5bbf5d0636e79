package dev.workflow.backend.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Group commit on the one connection of a SQLite database: the transactions that queue for the
 * connection while another holds it run together in one database transaction, each inside its own
 * savepoint, and commit once. A WAL SQLite file commits only some thousands of times per second
 * (each commit is a sync); one commit for several workflows' starts and turns is how throughput
 * goes beyond that.
 * <p>
 * Every transaction keeps its own outcome: one that throws is rolled back to its savepoint and its
 * caller gets the exception, the others go on. No caller returns before the commit that holds its
 * writes (an acknowledged write is durable), and when that commit fails every caller of the group
 * gets the failure (none was acknowledged). A transaction sees the writes of those before it in
 * the group, as it would have seen them committed one after the other; if the commit then fails,
 * its own writes are gone with theirs.
 */
final class GroupCommit {

	/** The most transactions one commit takes, so that a long queue does not delay the first ones. */
	static final int MAX_GROUP = 64;

	private final ReentrantLock lock;

	private final ConcurrentLinkedQueue<Entry<?>> queue = new ConcurrentLinkedQueue<>();

	/** Groups run so far (under the lock), for tests. */
	private long groupsRun;

	/** One queued transaction and, once its group ran, its outcome. */
	private static final class Entry<T> {

		final Database.Work<T> work;

		T result;

		Throwable failure;

		/** Written under the lock, read after taking it. */
		boolean done;

		Entry(Database.Work<T> work) {
			this.work = work;
		}

	}

	/** @param lock the lock of the connection, held by whoever uses it */
	GroupCommit(ReentrantLock lock) {
		this.lock = lock;
	}

	/**
	 * Runs work in a transaction on the connection, committed with those queued beside it.
	 * @param connection the connection (read under the lock: a reopened database has a new one)
	 * @param work the transaction's work
	 * @return what the work returned, once it is committed
	 * @throws SQLException if the work or the commit failed
	 */
	<T> T run(Supplier<Connection> connection, Database.Work<T> work) throws SQLException {
		Entry<T> mine = new Entry<>(work);
		this.queue.add(mine);
		this.lock.lock();
		try {
			if (!mine.done) {
				// this caller leads a group: its own entry and those queued behind it
				runGroup(connection.get());
			}
		}
		finally {
			this.lock.unlock();
		}
		if (mine.failure instanceof SQLException ex) {
			throw ex;
		}
		if (mine.failure instanceof RuntimeException ex) {
			throw ex;
		}
		if (mine.failure instanceof Error ex) {
			throw ex;
		}
		return mine.result;
	}

	/** How many groups ran so far. */
	long groupsRun() {
		this.lock.lock();
		try {
			return this.groupsRun;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void runGroup(Connection c) {
		this.groupsRun++;
		List<Entry<?>> group = new ArrayList<>();
		for (Entry<?> e; group.size() < MAX_GROUP && (e = this.queue.poll()) != null;) {
			group.add(e);
		}
		try {
			boolean auto = c.getAutoCommit();
			if (auto) {
				c.setAutoCommit(false);
			}
			try {
				List<Entry<?>> applied = runEach(c, group);
				try {
					c.commit();
				}
				catch (SQLException | RuntimeException | Error ex) {
					rollback(c, ex);
					for (Entry<?> e : applied) {
						e.failure = ex;
					}
				}
			}
			finally {
				if (auto) {
					c.setAutoCommit(true);
				}
			}
		}
		catch (SQLException | RuntimeException | Error ex) {
			// the transaction itself could not be begun or ended: nothing of the group is committed
			rollback(c, ex);
			for (Entry<?> e : group) {
				if (e.failure == null) {
					e.failure = ex;
				}
			}
		}
		finally {
			for (Entry<?> e : group) {
				e.done = true;
			}
		}
	}

	/** Runs each entry in its own savepoint; returns those whose writes the commit will hold. */
	private static List<Entry<?>> runEach(Connection c, List<Entry<?>> group) throws SQLException {
		List<Entry<?>> applied = new ArrayList<>(group.size());
		for (Entry<?> e : group) {
			// a group of one needs no savepoint: a failure rolls the whole transaction back
			Savepoint sp = group.size() == 1 ? null : c.setSavepoint();
			try {
				runOne(c, e);
				if (sp != null) {
					c.releaseSavepoint(sp);
				}
				applied.add(e);
			}
			catch (SQLException | RuntimeException | Error ex) {
				e.failure = ex;
				if (sp != null) {
					// throws when SQLite cannot go back to it: the whole group then fails, unacknowledged
					c.rollback(sp);
					c.releaseSavepoint(sp);
				}
				else {
					c.rollback();
				}
			}
		}
		return applied;
	}

	private static <T> void runOne(Connection c, Entry<T> e) throws SQLException {
		e.result = e.work.run(c);
	}

	private static void rollback(Connection c, Throwable cause) {
		try {
			c.rollback();
		}
		catch (SQLException suppressed) {
			cause.addSuppressed(suppressed);
		}
	}

}
