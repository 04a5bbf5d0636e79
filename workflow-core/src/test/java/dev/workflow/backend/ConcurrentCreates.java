package dev.workflow.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowClient;

/** Schedules one instance id from many threads at once, released together, for the create-race tests. */
public final class ConcurrentCreates {

	private ConcurrentCreates() {
	}

	/**
	 * Schedules {@code callers} creates of one instance id at once, the callers taking the clients
	 * in turn; each caller's input is {@code caller-<n>}.
	 * @param clients the clients the callers use, in turn
	 * @param callers how many callers
	 * @param workflow the workflow name
	 * @param id the instance id
	 * @param policy the reuse policy
	 * @param timeout how long to wait for each caller
	 * @return per caller, null for success or the exception it got
	 * @throws Exception if a caller did not finish in time
	 */
	public static List<Throwable> race(List<WorkflowClient> clients, int callers, String workflow, String id,
			NewWorkflowOptions.ReusePolicy policy, Duration timeout) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Throwable>> calls = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				WorkflowClient client = clients.get(i % clients.size());
				String input = "caller-" + i;
				calls.add(pool.submit(() -> {
					go.await();
					try {
						client.scheduleNewWorkflow(workflow,
								new NewWorkflowOptions().setInstanceId(id).setInput(input).setReusePolicy(policy));
						return null;
					}
					catch (RuntimeException ex) {
						return ex;
					}
				}));
			}
			go.countDown();
			List<Throwable> outcomes = new ArrayList<>();
			for (Future<Throwable> f : calls) {
				outcomes.add(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
			}
			return outcomes;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
