package dev.workflow.backend;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowRuntime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend part of the startup report (issue 17), on every backend: a started backend names its
 * type and its store, and where the store is a database, the database and its location, never the
 * credentials it was configured with.
 */
public interface StartupReportContract extends BackendUnderTest {

	@Test
	default void startedBackendDescribesTypeAndStoreWithoutCredentials() {
		try (WorkflowRuntime runtime = startRuntime("describe", b -> {
		})) {
			String description = runtime.backend().description();
			assertThat(description).matches("(actors \\(state store (memory|jdbc)|sqlite \\(SQLite|jdbc \\((H2|PostgreSQL)).*\\)");
			assertThat(description).doesNotContainIgnoringCase("password").doesNotContain("@").doesNotContain(";");
			if (description.contains("PostgreSQL")) {
				assertThat(description).containsPattern("PostgreSQL [\\w.-]+:\\d+/\\w+");
			}
			if (description.startsWith("actors (state store jdbc") || description.startsWith("jdbc")
					|| description.startsWith("sqlite")) {
				assertThat(description).contains("tables ");
			}
		}
	}

}
