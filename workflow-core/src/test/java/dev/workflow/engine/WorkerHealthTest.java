package dev.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;

/**
 * The runtime says when a worker pool can no longer make progress: every worker of the pool held
 * by one item beyond the stuck-worker timeout. It recovers when the items let go.
 */
class WorkerHealthTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** Blocks until released, ignoring interrupts: hung user code. */
	private static void hang(CountDownLatch release) {
		while (true) {
			try {
				release.await();
				return;
			}
			catch (InterruptedException ex) {
				// ignored on purpose
			}
		}
	}

	private static WorkflowRuntime runtime(CountDownLatch release, int workflowThreads, int activityThreads) {
		return WorkflowRuntime.builder()
			.backend(WorkflowBackends.create("actors", new BackendConfiguration(Map.of("state-store", "memory")),
					BackendContext.EMPTY))
			.maxConcurrentWorkflows(workflowThreads)
			.maxConcurrentActivities(activityThreads)
			.inlineActivities(false)
			.stuckWorkerTimeout(Duration.ofMillis(300))
			.shutdownTimeout(Duration.ofMillis(500))
			.registerWorkflow("hangInCode", (ctx, in) -> {
				hang(release);
				return "done";
			}, Void.class)
			.registerWorkflow("hangInActivity", (ctx, in) -> ctx.callActivity("hang", null, String.class).await(),
					Void.class)
			.registerActivity("hang", (ctx, in) -> {
				hang(release);
				return "done";
			}, Void.class)
			.build();
	}

	private static Optional<String> awaitProblem(WorkflowRuntime rt, Predicate<Optional<String>> condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		Optional<String> p = rt.workerProblem();
		while (!condition.test(p) && System.nanoTime() < deadline) {
			Thread.sleep(20);
			p = rt.workerProblem();
		}
		return p;
	}

	@Test
	void allWorkflowWorkersHeldByHungCodeMakeTheRuntimeReportAProblemUntilTheyLetGo() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (WorkflowRuntime rt = runtime(release, 2, 4)) {
			assertThat(rt.workerProblem()).isEmpty();
			rt.start();
			assertThat(rt.workerProblem()).isEmpty();
			rt.client().scheduleNewWorkflow("hangInCode", null, "hung-1");
			Thread.sleep(600);
			assertThat(rt.workerProblem()).as("one of two workers held: the pool still makes progress").isEmpty();
			rt.client().scheduleNewWorkflow("hangInCode", null, "hung-2");
			assertThat(awaitProblem(rt, Optional::isPresent)).hasValueSatisfying(
					reason -> assertThat(reason).contains("workflow-worker-").contains("PT0.3S"));
			release.countDown();
			assertThat(awaitProblem(rt, Optional::isEmpty)).isEmpty();
			rt.client().waitForInstanceCompletion("hung-1", WAIT, false);
			rt.client().waitForInstanceCompletion("hung-2", WAIT, false);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void allActivityWorkersHeldByHungActivitiesMakeTheRuntimeReportAProblem() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (WorkflowRuntime rt = runtime(release, 2, 1)) {
			rt.start();
			rt.client().scheduleNewWorkflow("hangInActivity", null, "act-1");
			assertThat(awaitProblem(rt, Optional::isPresent)).hasValueSatisfying(
					reason -> assertThat(reason).contains("workflow-activity-"));
			release.countDown();
			assertThat(awaitProblem(rt, Optional::isEmpty)).isEmpty();
			rt.client().waitForInstanceCompletion("act-1", WAIT, false);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void stuckWorkerTimeoutMustBePositive() {
		assertThatThrownBy(() -> WorkflowRuntime.builder().stuckWorkerTimeout(Duration.ZERO))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("stuckWorkerTimeout");
		assertThatThrownBy(() -> WorkflowRuntime.builder().stuckWorkerTimeout(null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("stuckWorkerTimeout");
	}

}
