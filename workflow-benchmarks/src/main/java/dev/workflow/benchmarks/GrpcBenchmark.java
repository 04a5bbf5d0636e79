package dev.workflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcClientBuilder;
import com.microsoft.durabletask.DurableTaskGrpcWorker;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;

import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntime;
import dev.workflow.grpc.EndpointSettings;
import dev.workflow.grpc.GrpcEndpoint;
import dev.workflow.grpc.InstanceOperations;
import dev.workflow.grpc.WorkerHub;
import dev.workflow.grpc.durabletask.MicrosoftTaskHubService;

/**
 * Workflows per second for a 3-activity sequence, in the same run: in-process (the Java API) and
 * through the durabletask gRPC endpoint (Microsoft flavour) with the real
 * {@code com.microsoft:durabletask-client} 1.5.0 worker and client, on the same backend type.
 * Both sides run the same load: {@code bench.callers} threads that each start a workflow and wait
 * for it to complete, {@code bench.total} workflows in all, after a warm-up.
 * <p>
 * Run (the exec plugin's main class is {@code Benchmarks}, so this one runs with {@code java}):
 * {@code mvn -q -pl workflow-benchmarks -am package -DskipTests dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}, then in {@code workflow-benchmarks}:
 * {@code java -cp "target/classes:$(cat cp.txt)" dev.workflow.benchmarks.GrpcBenchmark}. Options:
 * {@code -Dbench.backend=sqlite|actors} (default sqlite), {@code -Dbench.total=600},
 * {@code -Dbench.callers=16}, {@code -Dbench.grpc.workers=1} (SDK worker processes; each 1.5.0
 * worker runs one item at a time). Writes {@code target/grpc-benchmark.md}.
 */
public final class GrpcBenchmark {

	private static final String BACKEND = System.getProperty("bench.backend", "sqlite");

	private static final int TOTAL = Integer.getInteger("bench.total", 600);

	private static final int CALLERS = Integer.getInteger("bench.callers", 16);

	private static final int SDK_WORKERS = Integer.getInteger("bench.grpc.workers", 1);

	private GrpcBenchmark() {
	}

	/**
	 * Runs both measurements and prints a table.
	 * @param args none
	 * @throws Exception if a run fails
	 */
	public static void main(String[] args) throws Exception {
		double inProcess = inProcess();
		double grpc = throughEndpoint();
		String table = "| seq3, " + CALLERS + " callers, " + TOTAL + " workflows, backend " + BACKEND
				+ " | workflows/s |\n|---|---|\n| in-process (Java API) | " + String.format("%.0f", inProcess) + " |\n"
				+ "| durabletask gRPC endpoint, durabletask-client 1.5.0, " + SDK_WORKERS + " worker(s) | "
				+ String.format("%.0f", grpc) + " |\n";
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "grpc-benchmark.md"), table);
		System.out.println(table);
		System.exit(0);
	}

	private static WorkflowRuntime.Builder builder(String storage) {
		Map<String, String> config = BACKEND.equals("actors") ? Map.of("state-store", "memory")
				: Map.of("connection-string",
						Path.of("target", "grpc-bench-" + storage + "-" + UUID.randomUUID() + ".db").toString());
		return WorkflowRuntime.builder().backend(BACKEND, config);
	}

	private static double inProcess() throws Exception {
		try (WorkflowRuntime runtime = builder("local").registerActivity("add", (ctx, n) -> n + 1, Integer.class)
			.registerWorkflow("seq3", (ctx, n) -> {
				int v = n;
				for (int i = 0; i < 3; i++) {
					v = ctx.callActivity("add", v, Integer.class).await();
				}
				return v;
			}, Integer.class)
			.build()) {
			runtime.start();
			WorkflowClient client = runtime.client();
			Caller local = () -> {
				String id = client.scheduleNewWorkflow("seq3", 1);
				client.waitForInstanceCompletion(id, Duration.ofMinutes(5), false);
			};
			measure(local, TOTAL / 5);
			return measure(local, TOTAL);
		}
	}

	private static double throughEndpoint() throws Exception {
		WorkflowRuntime runtime = builder("grpc").build();
		runtime.shareWork();
		runtime.start();
		WorkerHub hub = WorkerHub.forRuntime(runtime, EndpointSettings.DEFAULT_MAX_ITEMS_PER_WORKER, 2 * 1024 * 1024);
		InstanceOperations operations = new InstanceOperations(runtime, null, 2 * 1024 * 1024, Clock.systemUTC());
		GrpcEndpoint endpoint = new GrpcEndpoint(EndpointSettings.onPort(0), hub,
				List.of(new MicrosoftTaskHubService(hub, operations, Clock.systemUTC())), "durabletask protocol");
		endpoint.start();
		List<DurableTaskGrpcWorker> workers = new ArrayList<>();
		try (DurableTaskClient client = new DurableTaskGrpcClientBuilder().port(endpoint.port()).build()) {
			for (int i = 0; i < SDK_WORKERS; i++) {
				DurableTaskGrpcWorker worker = new DurableTaskGrpcWorkerBuilder().port(endpoint.port())
					.addOrchestration(orchestration("seq3", ctx -> {
						int v = ctx.getInput(Integer.class);
						for (int step = 0; step < 3; step++) {
							v = ctx.callActivity("add", v, null, Integer.class).await();
						}
						ctx.complete(v);
					}))
					.addActivity(activity("add", ctx -> ctx.getInput(Integer.class) + 1))
					.build();
				worker.start();
				workers.add(worker);
			}
			Caller remote = () -> {
				String id = client.scheduleNewOrchestrationInstance("seq3",
						new NewOrchestrationInstanceOptions().setInput(1));
				client.waitForInstanceCompletion(id, Duration.ofMinutes(5), false);
			};
			measure(remote, TOTAL / 5);
			return measure(remote, TOTAL);
		}
		finally {
			workers.forEach(DurableTaskGrpcWorker::close);
			endpoint.stop();
			runtime.close();
		}
	}

	/** Runs the calls on {@link #CALLERS} threads; workflows per second. */
	private static double measure(Caller caller, int total) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
		try {
			long start = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			int share = Math.max(1, total / CALLERS);
			for (int c = 0; c < CALLERS; c++) {
				futures.add(pool.submit(() -> {
					for (int i = 0; i < share; i++) {
						caller.call();
					}
					return null;
				}));
			}
			for (Future<?> f : futures) {
				f.get();
			}
			return share * CALLERS / ((System.nanoTime() - start) / 1e9);
		}
		finally {
			pool.shutdown();
		}
	}

	/** One workflow started and awaited. */
	@FunctionalInterface
	private interface Caller {

		void call() throws Exception;

	}

	private static TaskOrchestrationFactory orchestration(String name, TaskOrchestration code) {
		return new TaskOrchestrationFactory() {

			@Override
			public String getName() {
				return name;
			}

			@Override
			public TaskOrchestration create() {
				return code;
			}

		};
	}

	private static TaskActivityFactory activity(String name, TaskActivity code) {
		return new TaskActivityFactory() {

			@Override
			public String getName() {
				return name;
			}

			@Override
			public TaskActivity create() {
				return code;
			}

		};
	}

}
