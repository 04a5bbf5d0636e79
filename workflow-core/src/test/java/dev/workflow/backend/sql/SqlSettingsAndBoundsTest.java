package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendConfigurationException;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12, items 9 and 13 (SQL parts) and the NOTIFY payload: polling and statement-timeout keys
 * are validated at startup with the key, the value and the range; instants the SQL backends store
 * or compute are clamped instead of overflowing; a notification wakes only the pollers it names.
 */
class SqlSettingsAndBoundsTest {

	private static SqlWorkflowBackend.Settings settings(Map<String, String> config) {
		return SqlBackends.settings(new BackendConfiguration(config));
	}

	private static void rejected(String key, String value, String... inMessage) {
		assertThatThrownBy(() -> settings(Map.of(key, value))).isInstanceOf(BackendConfigurationException.class)
			.hasMessageContaining(key)
			.hasMessageContainingAll(inMessage)
			.satisfies(ex -> assertThat(((BackendConfigurationException) ex).getKey()).isEqualTo(key));
	}

	@Test
	void pollingIntervalsOutsideOneMillisecondToOneMinuteAreRejectedNamingKeyValueAndRange() {
		rejected("min-polling-interval", "1ns", "'1ns'", "1ms to 1m");
		rejected("min-polling-interval", "2m", "'2m'", "1ms to 1m");
		rejected("max-polling-interval", "1ns", "'1ns'", "1ms to 1m");
		rejected("max-polling-interval", "1h", "'1h'", "1ms to 1m");
		assertThatThrownBy(() -> settings(Map.of("min-polling-interval", "500ms", "max-polling-interval", "100ms")))
			.isInstanceOf(BackendConfigurationException.class)
			.hasMessageContaining("max-polling-interval")
			.hasMessageContaining("min-polling-interval");
		SqlWorkflowBackend.Settings ok = settings(Map.of("min-polling-interval", "1ms", "max-polling-interval", "1m"));
		assertThat(ok.minPollInterval()).isEqualTo(Duration.ofMillis(1));
		assertThat(ok.maxPollInterval()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void statementTimeoutDefaultsToTenSecondsAndMustBePositiveAndAtMostOneHour() {
		assertThat(settings(Map.of()).statementTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings(Map.of("statement-timeout", "1h")).statementTimeout()).isEqualTo(Duration.ofHours(1));
		rejected("statement-timeout", "0s", "'0s'", "positive");
		rejected("statement-timeout", "-1s", "'-1s'");
		rejected("statement-timeout", "2h", "'2h'", "1ms to 1h");
		rejected("statement-timeout", "61m", "'61m'", "1ms to 1h");
	}

	@Test
	void aBadPollingKeyFailsTheBackendAtCreationAndNothingIsOpened() {
		Path file = Path.of("target", "sqlite", "bad-polling-" + UUID.randomUUID() + ".db").toAbsolutePath();
		assertThatThrownBy(() -> WorkflowBackends.create("sqlite",
				new BackendConfiguration(Map.of("connection-string", "file:" + file, "min-polling-interval", "1ns")),
				BackendContext.EMPTY))
			.isInstanceOf(BackendConfigurationException.class)
			.hasMessageContaining("min-polling-interval");
		assertThat(file).doesNotExist();
	}

	@Test
	void instantsBeyondTheStoredRangeAreClampedAndKeepTheirOrder() {
		long last = SqlInstants.micros(Instant.parse("9999-12-31T23:59:59Z"));
		long now = SqlInstants.micros(Instant.now());
		assertThat(SqlInstants.micros(Instant.MAX)).isGreaterThanOrEqualTo(last).isGreaterThan(now);
		assertThat(SqlInstants.micros(Instant.parse("+300000-01-01T00:00:00Z"))).isGreaterThanOrEqualTo(last);
		assertThat(SqlInstants.micros(Instant.MIN)).isLessThan(now).isLessThan(SqlInstants.micros(Instant.EPOCH));
		assertThat(SqlInstants.instant(SqlInstants.micros(Instant.parse("9999-12-31T23:59:59Z"))))
			.isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
		// now + an absurd lock timeout or retry delay saturates instead of throwing or wrapping
		assertThat(SqlInstants.plus(now, Duration.ofHours(9_999_999_999L))).isGreaterThan(now)
			.isEqualTo(SqlInstants.micros(Instant.MAX));
		assertThat(SqlInstants.plus(now, Duration.ofSeconds(Long.MAX_VALUE))).isGreaterThan(now);
		assertThat(SqlInstants.plus(now, Duration.ofSeconds(2))).isEqualTo(now + 2_000_000);
	}

	@Test
	void aNotificationWakesOnlyThePollersItsSuffixNames() {
		Path file = Path.of("target", "sqlite", "notify-" + UUID.randomUUID() + ".db").toAbsolutePath();
		SqlWorkflowBackend backend = (SqlWorkflowBackend) WorkflowBackends.create("sqlite",
				new BackendConfiguration(Map.of("connection-string", "file:" + file)), BackendContext.EMPTY);
		try {
			// another process's owner id, full of 'a's
			String other = "aaaaaaaa-aaaa-4aaa-aaaa-aaaaaaaaaaaa";
			long workflows = backend.workflowSignal.version();
			long activities = backend.activitySignal.version();
			backend.onNotify(other + ":w");
			assertThat(backend.workflowSignal.version()).isEqualTo(workflows + 1);
			assertThat(backend.activitySignal.version()).isEqualTo(activities);
			backend.onNotify("bbbbbbbb-bbbb-4bbb-bbbb-bbbbbbbbbbbb:a");
			assertThat(backend.workflowSignal.version()).isEqualTo(workflows + 1);
			assertThat(backend.activitySignal.version()).isEqualTo(activities + 1);
			backend.onNotify(other + ":wa");
			assertThat(backend.workflowSignal.version()).isEqualTo(workflows + 2);
			assertThat(backend.activitySignal.version()).isEqualTo(activities + 2);
		}
		finally {
			backend.stop();
		}
	}

}
