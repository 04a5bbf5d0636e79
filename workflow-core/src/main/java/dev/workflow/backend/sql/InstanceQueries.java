package dev.workflow.backend.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.workflow.FailureDetails;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendJson;
import dev.workflow.backend.ContinuationToken;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.InstancePage;
import dev.workflow.history.HistoryEvent;

/**
 * The backend's reads for clients: one instance, its history, and pages of instances. Reads run
 * in auto-commit mode and take no locks.
 */
final class InstanceQueries {

	/** The columns {@link #metadata} reads, in its order. */
	static final String COLUMNS = "instance_id, name, execution_id, status, created_at, updated_at, input, "
			+ "output, custom_status, failure, parent_instance_id";

	private final SqlAccess sql;

	private final SqlTables tables;

	InstanceQueries(SqlAccess sql, SqlTables tables) {
		this.sql = sql;
		this.tables = tables;
	}

	/** The instance of a row of {@link #COLUMNS}. */
	static InstanceMetadata metadata(ResultSet rs) throws SQLException {
		return new InstanceMetadata(rs.getString(1), rs.getString(2), rs.getString(3),
				WorkflowRuntimeStatus.valueOf(rs.getString(4)), SqlInstants.instant(rs.getLong(5)),
				SqlInstants.instant(rs.getLong(6)), rs.getString(7), rs.getString(8), rs.getString(9),
				BackendJson.read(rs.getString(10), FailureDetails.class), rs.getString(11));
	}

	/** The instance's metadata, or {@code null} if there is no such instance. */
	InstanceMetadata getInstance(String instanceId) {
		return this.sql.read("reading instance '" + instanceId + "'", c -> {
			try (PreparedStatement ps = this.sql.prepare(c,
					"SELECT " + COLUMNS + " FROM " + this.tables.instances() + " WHERE instance_id = ?")) {
				ps.setString(1, instanceId);
				try (ResultSet rs = ps.executeQuery()) {
					return rs.next() ? metadata(rs) : null;
				}
			}
		});
	}

	/** The recorded history of the instance's current run, in order; empty for an unknown instance. */
	List<HistoryEvent> getHistory(String instanceId) {
		return this.sql.read("reading the history of instance '" + instanceId + "'", c -> {
			List<HistoryEvent> events = new ArrayList<>();
			try (PreparedStatement ps = this.sql.prepare(c,
					"SELECT event FROM " + this.tables.history() + " WHERE instance_id = ? ORDER BY seq")) {
				ps.setString(1, instanceId);
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						events.add(BackendJson.read(rs.getString(1), HistoryEvent.class));
					}
				}
			}
			return events;
		});
	}

	/** The LIKE pattern matching ids that start with {@code prefix}, its wildcards taken literally. */
	static String likePrefix(String prefix) {
		StringBuilder pattern = new StringBuilder(prefix.length() + 1);
		for (char ch : prefix.toCharArray()) {
			if (ch == '!' || ch == '%' || ch == '_') {
				pattern.append('!');
			}
			pattern.append(ch);
		}
		return pattern.append('%').toString();
	}

	/** One bound value of a query being built: text or a number. */
	private sealed interface Argument {

		record Text(String value) implements Argument {
		}

		record Number(long value) implements Argument {
		}

	}

	/**
	 * One page of instances matching the query, ordered by creation time and id; the page's
	 * {@link ContinuationToken token} continues after its last row.
	 * @throws IllegalArgumentException if the continuation token is not one a page returned
	 */
	InstancePage listInstances(WorkflowQuery q) {
		StringBuilder query = new StringBuilder("SELECT " + COLUMNS + " FROM " + this.tables.instances() + " WHERE 1 = 1");
		List<Argument> args = new ArrayList<>();
		if (!q.getRuntimeStatuses().isEmpty()) {
			query.append(" AND status IN (");
			String separator = "";
			for (WorkflowRuntimeStatus s : q.getRuntimeStatuses()) {
				query.append(separator).append('?');
				args.add(new Argument.Text(s.name()));
				separator = ", ";
			}
			query.append(')');
		}
		if (q.getName() != null) {
			query.append(" AND name = ?");
			args.add(new Argument.Text(q.getName()));
		}
		if (q.getInstanceIdPrefix() != null) {
			// LIKE lets an index on the id serve the prefix where the database can; the SUBSTR match
			// keeps it exact where LIKE ignores case (SQLite). The length is an int, not user text.
			String prefix = q.getInstanceIdPrefix();
			query.append(" AND instance_id LIKE ? ESCAPE '!' AND SUBSTR(instance_id, 1, ")
				.append(prefix.length())
				.append(") = ?");
			args.add(new Argument.Text(likePrefix(prefix)));
			args.add(new Argument.Text(prefix));
		}
		if (q.getCreatedFrom() != null) {
			query.append(" AND created_at >= ?");
			args.add(new Argument.Number(SqlInstants.micros(q.getCreatedFrom())));
		}
		if (q.getCreatedTo() != null) {
			query.append(" AND created_at < ?");
			args.add(new Argument.Number(SqlInstants.micros(q.getCreatedTo())));
		}
		if (q.getContinuationToken() != null) {
			ContinuationToken after = ContinuationToken.parse(q.getContinuationToken());
			long at = SqlInstants.micros(after.createdAt());
			query.append(" AND (created_at > ? OR (created_at = ? AND instance_id > ?))");
			args.add(new Argument.Number(at));
			args.add(new Argument.Number(at));
			args.add(new Argument.Text(after.instanceId()));
		}
		query.append(" ORDER BY created_at, instance_id LIMIT ").append(q.getPageSize() + 1);
		List<InstanceMetadata> rows = this.sql.read("listing instances", c -> {
			List<InstanceMetadata> out = new ArrayList<>();
			try (PreparedStatement ps = this.sql.prepare(c, query.toString())) {
				for (int i = 0; i < args.size(); i++) {
					if (args.get(i) instanceof Argument.Number n) {
						ps.setLong(i + 1, n.value());
					}
					else if (args.get(i) instanceof Argument.Text t) {
						ps.setString(i + 1, t.value());
					}
				}
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						out.add(metadata(rs));
					}
				}
			}
			return out;
		});
		String token = null;
		if (rows.size() > q.getPageSize()) {
			rows = rows.subList(0, q.getPageSize());
			InstanceMetadata last = rows.get(rows.size() - 1);
			token = ContinuationToken.after(last).toString();
		}
		return new InstancePage(List.copyOf(rows), token);
	}

}
