package dev.workflow.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.sql.DatabaseLocationAccess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup report (issue 17): one INFO line naming the backend and its store without
 * credentials, with counts of workflows and activities; their names at DEBUG; no second INFO
 * line from the backend saying the same.
 */
class StartupLogTest {

	@Test
	void infoLineCountsAndDebugLineNames() {
		String line = StartupLog.message("jdbc (PostgreSQL db:5432/orders, tables wf_*)", 2, 1, 4, 8);
		assertThat(line).isEqualTo("Workflow runtime started: backend=jdbc (PostgreSQL db:5432/orders, tables wf_*), "
				+ "2 workflows and 1 activity registered, 4 workflow and 8 activity workers");
		assertThat(StartupLog.message("actors (state store memory, kept in this process only)", 1, 0, 1, 1))
			.contains("1 workflow and 0 activities registered");
		assertThat(StartupLog.names(new TreeSet<>(Set.of("ship", "order")), Set.of("reserve")))
			.isEqualTo("Registered workflows: [order, ship]; registered activities: [reserve]");
	}

	private static List<ILoggingEvent> startAndCapture(String type, Map<String, ?> configuration) {
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		Logger engine = (Logger) LoggerFactory.getLogger(WorkflowEngine.class);
		Level rootLevel = root.getLevel();
		Level engineLevel = engine.getLevel();
		root.setLevel(Level.INFO);
		engine.setLevel(Level.DEBUG);
		root.addAppender(lines);
		try (WorkflowRuntime runtime = WorkflowRuntime.builder()
			.backend(type, configuration)
			.registerWorkflow("report-order", (ctx, in) -> in, String.class)
			.registerWorkflow("report-ship", (ctx, in) -> in, String.class)
			.registerActivity("report-reserve", (ctx, in) -> in, String.class)
			.build()) {
			runtime.start();
		}
		finally {
			root.detachAppender(lines);
			root.setLevel(rootLevel);
			engine.setLevel(engineLevel);
		}
		return lines.list;
	}

	private static String startupLine(List<ILoggingEvent> events) {
		List<String> info = events.stream()
			.filter(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().startsWith("Workflow runtime started"))
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
		assertThat(info).hasSize(1);
		assertThat(events).filteredOn(e -> e.getLevel() == Level.DEBUG)
			.extracting(ILoggingEvent::getFormattedMessage)
			.contains("Registered workflows: [report-order, report-ship]; registered activities: [report-reserve]");
		return info.get(0);
	}

	@Test
	void sqliteFileIsNamedWithItsPathAndTables(@TempDir Path dir) {
		Path file = dir.resolve("report.db");
		List<ILoggingEvent> events = startAndCapture("sqlite", Map.of("connection-string", file.toString()));
		assertThat(startupLine(events)).contains("backend=sqlite (SQLite ")
			.contains(file.toString())
			.contains("tables wf_*)")
			.contains("2 workflows and 1 activity registered");
		// the backend's own start line went to DEBUG: nothing else at INFO says where the tables are
		assertThat(events).filteredOn(e -> e.getLevel() == Level.INFO)
			.extracting(ILoggingEvent::getFormattedMessage)
			.noneMatch(m -> m.startsWith("Workflow SQL backend on"));
	}

	@Test
	void actorsOnAnH2StoreNameTheStoreAndNeverTheCredentials(@TempDir Path dir) {
		String url = "jdbc:h2:file:" + dir.resolve("actors") + ";USER=sa;PASSWORD=s3cret";
		List<ILoggingEvent> events = startAndCapture("actors",
				Map.of("state-store", "jdbc", "url", url, "table-prefix", "rep_"));
		String line = startupLine(events);
		// H2's file url as the store opened it (async: for file:, see H2Durability) reads as a file
		assertThat(line).contains("backend=actors (state store jdbc, H2 file:" + dir.resolve("actors") + ", tables")
			.contains("tables rep_actor*, rep_reminders")
			.doesNotContain("s3cret")
			.doesNotContain("PASSWORD");
		assertThat(events).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("s3cret"));
	}

	@Test
	void actorsInMemorySayItKeepsNothing() {
		assertThat(startupLine(startAndCapture("actors", Map.of()))).contains(
				"backend=actors (state store memory, kept in this process only)");
	}

	@Test
	void postgresUrlsLoseUserPasswordAndOptions() {
		assertThat(DatabaseLocationAccess.of("PostgreSQL",
				"jdbc:postgresql://app:s3cret@127.0.0.1:5432/orders?password=s3cret&ssl=true"))
			.isEqualTo("PostgreSQL 127.0.0.1:5432/orders");
		assertThat(DatabaseLocationAccess.of("H2", "jdbc:h2:mem:wf;DB_CLOSE_DELAY=-1")).isEqualTo("H2 mem:wf");
		assertThat(DatabaseLocationAccess.of("SQLite", "jdbc:sqlite::memory:")).isEqualTo("SQLite :memory:");
		assertThat(DatabaseLocationAccess.of("SQLite", null)).isEqualTo("SQLite");
		assertThat(DatabaseLocationAccess.of("H2", "jdbc:h2:async:./data/wf;PASSWORD=x")).isEqualTo("H2 file:./data/wf");
	}

}
