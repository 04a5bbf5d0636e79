package dev.workflow.engine;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.workflow.RetryPolicy;
import dev.workflow.WorkflowDefinitionException;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad names, durations and retry numbers are refused where they are given (registration,
 * configuration, policy builder), with a message that names the argument and the rule.
 */
class BoundsAndNamesTest {

	@Test
	void registeringAnInvalidNameFailsAtBuildTimeNamingTheRule() {
		for (String bad : new String[] { "", "  ", "x".repeat(257), "new\nline", "bell\u0007" }) {
			assertThatThrownBy(() -> WorkflowRuntime.builder().registerWorkflow(bad, (ctx, in) -> in, String.class))
				.isInstanceOf(WorkflowDefinitionException.class)
				.hasMessageContaining("workflow name")
				.hasMessageContaining("1 to 256 characters")
				.hasMessageContaining("registerWorkflow");
			assertThatThrownBy(() -> WorkflowRuntime.builder().registerActivity(bad, (ctx, in) -> in, String.class))
				.isInstanceOf(WorkflowDefinitionException.class)
				.hasMessageContaining("activity name")
				.hasMessageContaining("1 to 256 characters");
		}
		WorkflowRuntime.builder().registerWorkflow("ü".repeat(256), (ctx, in) -> in, String.class);
	}

	@Test
	void retryPolicyRejectsAbsurdNumbersAndSaturatesHugeIntervals() {
		assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("maxAttempts");
		assertThatThrownBy(() -> RetryPolicy.builder().firstRetryInterval(Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("firstRetryInterval");
		for (double bad : new double[] { 0.5, Double.NaN, Double.POSITIVE_INFINITY, -2 }) {
			assertThatThrownBy(() -> RetryPolicy.builder().backoffCoefficient(bad))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("backoffCoefficient");
		}
		assertThatThrownBy(() -> RetryPolicy.builder().maxRetryInterval(Duration.ZERO))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("maxRetryInterval");
		assertThatThrownBy(() -> RetryPolicy.builder().retryTimeout(Duration.ofMillis(-1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("retryTimeout");
		RetryPolicy huge = RetryPolicy.builder()
			.maxAttempts(Integer.MAX_VALUE)
			.firstRetryInterval(Duration.ofSeconds(Long.MAX_VALUE))
			.backoffCoefficient(Double.MAX_VALUE)
			.build();
		assertThat(huge.delayAfter(1)).isGreaterThan(Duration.ofDays(365L * 10_000));
		assertThat(huge.delayAfter(Integer.MAX_VALUE)).isGreaterThan(Duration.ofDays(365L * 10_000));
		RetryPolicy capped = RetryPolicy.builder()
			.firstRetryInterval(Duration.ofMillis(100))
			.backoffCoefficient(2)
			.maxRetryInterval(Duration.ofSeconds(1))
			.build();
		assertThat(capped.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(capped.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
		assertThat(capped.delayAfter(10_000)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void lockTimeoutsAreBoundedAndOverlongDurationsDoNotOverflow() {
		BackendConfiguration ok = new BackendConfiguration(Map.of("orchestrationLockTimeout", "1s", "activity-lock-timeout", "1h"));
		assertThat(ok.getLockTimeout("orchestration-lock-timeout", Duration.ofMinutes(2))).isEqualTo(Duration.ofSeconds(1));
		assertThat(ok.getLockTimeout("activity-lock-timeout", Duration.ofMinutes(2))).isEqualTo(Duration.ofHours(1));
		assertThat(BackendConfiguration.empty().getLockTimeout("activity-lock-timeout", Duration.ofMinutes(2)))
			.isEqualTo(Duration.ofMinutes(2));
		for (String bad : new String[] { "PT9999999999H", "99999999999999999999999", "999999999999999999h", "999ms",
				"61m" }) {
			BackendConfiguration c = new BackendConfiguration(Map.of("orchestrationLockTimeout", bad));
			assertThatThrownBy(() -> c.getLockTimeout("orchestration-lock-timeout", Duration.ofMinutes(2)))
				.isInstanceOf(BackendConfigurationException.class)
				.hasMessageContaining("orchestrationLockTimeout")
				.hasMessageContaining(bad)
				.hasMessageContaining("from 1s to 1h");
		}
	}

}
