package dev.workflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.workflow.RetryPolicy;
import dev.workflow.TaskOptions;
import dev.workflow.WorkflowRuntime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * As in Dapr, a failed activity attempt is logged (WARN, with activity, instance, attempt and
 * error) and so is the retry it leads to (INFO), once each: not again on replay.
 */
class RetryLogTest {

	@Test
	void aFailedAttemptAndItsRetryAreLoggedOnce() throws Exception {
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		Logger worker = (Logger) LoggerFactory.getLogger(ActivityWorker.class);
		Logger tasks = (Logger) LoggerFactory.getLogger(ReplayTasks.class);
		Level tasksLevel = tasks.getLevel();
		worker.addAppender(lines);
		tasks.addAppender(lines);
		tasks.setLevel(Level.INFO);
		AtomicInteger calls = new AtomicInteger();
		try (WorkflowRuntime runtime = WorkflowRuntime.builder()
			.registerActivity("wobbly", (ctx, in) -> {
				if (calls.incrementAndGet() == 1) {
					throw new IllegalStateException("first call fails");
				}
				return "fine";
			}, Void.class)
			.registerWorkflow("retrying", (ctx, in) -> ctx.callActivity("wobbly", null,
					TaskOptions.withRetryPolicy(RetryPolicy.builder().maxAttempts(3)
						.firstRetryInterval(Duration.ofMillis(20)).build()), String.class).await()
					+ ctx.createTimer(Duration.ofMillis(50)).thenApply(v -> "").await(), Void.class)
			.build()) {
			runtime.start();
			String id = runtime.client().scheduleNewWorkflow("retrying", null, "retry-log-1");
			assertThat(runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(30), true)
				.readOutputAs(String.class)).isEqualTo("fine");
		}
		finally {
			worker.detachAppender(lines);
			tasks.detachAppender(lines);
			tasks.setLevel(tasksLevel);
		}
		List<String> warn = lines.list.stream()
			.filter(e -> e.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
		List<String> info = lines.list.stream()
			.filter(e -> e.getLevel() == Level.INFO)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
		assertThat(warn).singleElement().asString()
			.contains("'wobbly'", "'retry-log-1'", "attempt 1", "first call fails");
		assertThat(info).singleElement().asString().contains("Attempt 1 of 'wobbly'", "'retry-log-1'", "PT0.02S");
	}

}
