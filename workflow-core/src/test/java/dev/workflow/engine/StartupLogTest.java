package dev.workflow.engine;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup line names the backend, the worker counts and every registration. */
class StartupLogTest {

	@Test
	void namesBackendWorkersWorkflowsAndActivities() {
		String line = StartupLog.message("SqlWorkflowBackend", new TreeSet<>(Set.of("order", "ship")),
				new TreeSet<>(Set.of("reserve")), 4, 8);
		assertThat(line).contains("SqlWorkflowBackend")
			.contains("4 workflow worker(s)")
			.contains("8 activity worker(s)")
			.contains("2 workflow(s) registered: [order, ship]")
			.contains("1 activity registered: [reserve]");
		assertThat(StartupLog.message("ActorsWorkflowBackend", Set.of(), Set.of(), 1, 1))
			.contains("0 workflow(s) registered: []")
			.contains("0 activities registered: []");
	}

}
