package dev.workflow.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.workflow.Task;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowRuntime;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.WorkflowBackends;

/**
 * Runs every workload on every backend and prints a markdown table. Settings (system properties):
 * {@code bench.backends} (comma list of name prefixes: actors-memory, actors-jdbc (PostgreSQL and
 * H2), actors-jdbc-h2, sqlite, h2, postgres; default all), {@code bench.scale} (multiplies the workflow counts; default 1), {@code bench.runs}
 * (measured runs per point, after one warm-up run; default 3), {@code bench.timerSeconds} (default
 * 30), {@code bench.inline} (inline activities, default true), {@code bench.postgresUrl}/{@code User}/{@code Password} (default: the database of
 * .ci/postgres.sh). Medians are of the measured runs.
 */
public final class Benchmarks {

	private record Backend(String name, String type, Map<String, String> config, boolean postgres, String prefix) {
	}

	private record Point(double perSecond, double p50, double p99) {
	}

	private static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1"));

	private static final int RUNS = Integer.getInteger("bench.runs", 3);

	private static final boolean INLINE = Boolean.parseBoolean(System.getProperty("bench.inline", "true"));

	private static final int TIMER_SECONDS = Integer.getInteger("bench.timerSeconds", 30);

	private static final String PG_URL = System.getProperty("bench.postgresUrl",
			"jdbc:postgresql://127.0.0.1:5432/workflow_test");

	private static final String PG_USER = System.getProperty("bench.postgresUser", "workflow");

	private static final String PG_PASSWORD = System.getProperty("bench.postgresPassword", "workflow");

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "bench-data"));
		String run = UUID.randomUUID().toString().substring(0, 6);
		String pgPrefix = "bench_" + run + "_";
		List<Backend> all = List.of(
				new Backend("actors-memory", "actors", Map.of("state-store", "memory"), false, null),
				new Backend("actors-jdbc (PostgreSQL)", "actors",
						Map.of("state-store", "jdbc", "url", PG_URL, "username", PG_USER, "password", PG_PASSWORD,
								"table-prefix", "a" + pgPrefix),
						true, "a" + pgPrefix),
				new Backend("actors-jdbc-h2 (file)", "actors",
						Map.of("state-store", "jdbc", "url",
								"jdbc:h2:file:" + dir.resolve("bench-actors-" + run).toAbsolutePath()),
						false, null),
				new Backend("sqlite (file, WAL)", "sqlite",
						Map.of("connection-string", dir.resolve("bench-" + run + ".db").toAbsolutePath().toString()), false,
						null),
				new Backend("h2 (file)", "jdbc", Map.of("url", "jdbc:h2:file:" + dir.resolve("bench-" + run).toAbsolutePath()),
						false, null),
				new Backend("postgres", "jdbc", Map.of("url", PG_URL, "username", PG_USER, "password", PG_PASSWORD,
						"table-prefix", pgPrefix), true, pgPrefix));
		List<String> wanted = List.of(System.getProperty("bench.backends",
				"actors-memory,actors-jdbc,sqlite,h2,postgres").split(","));
		StringBuilder out = new StringBuilder();
		out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
			.append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB max heap; JVM ")
			.append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
			.append("; inline activities ").append(INLINE ? "on" : "off")
			.append("; scale ").append(SCALE).append(", ").append(RUNS).append(" measured runs after 1 warm-up, medians.\n\n");
		out.append("| backend | hello p50 / p99 | seq3 c1 | seq3 c16 | seq3 c64 | seq5 c16 | fan-out 1k | fan-out 10k (x of 1k) "
				+ "| timers: fire lag p99, heap/instance | PG tx / WAL syncs per seq3 |\n");
		out.append("|---|---|---|---|---|---|---|---|---|---|\n");
		for (Backend b : all) {
			if (wanted.stream().noneMatch(w -> b.name().startsWith(w.trim()))) {
				continue;
			}
			System.out.println("== " + b.name());
			out.append(measure(b)).append('\n');
			System.out.println(out);
		}
		Files.writeString(Path.of("target", "benchmarks.md"), out.toString());
		System.out.println(out);
		System.exit(0);
	}

	private static WorkflowRuntime runtime(Backend b) {
		return WorkflowRuntime.builder()
			.backend(WorkflowBackends.create(b.type(), new BackendConfiguration(b.config()), BackendContext.EMPTY))
			.maxConcurrentWorkflows(8)
			.maxConcurrentActivities(16)
			.inlineActivities(INLINE)
			.registerActivity("add", (ctx, n) -> n + 1, Integer.class)
			.registerWorkflow("hello", (ctx, n) -> ctx.callActivity("add", n, Integer.class).await(), Integer.class)
			.registerWorkflow("seq3", (ctx, n) -> seq(ctx, n, 3), Integer.class)
			.registerWorkflow("seq5", (ctx, n) -> seq(ctx, n, 5), Integer.class)
			.registerWorkflow("fanOut", (ctx, n) -> {
				List<Task<Integer>> tasks = new ArrayList<>(n);
				for (int i = 0; i < n; i++) {
					tasks.add(ctx.callActivity("add", i, Integer.class));
				}
				return ctx.allOf(tasks).await().size();
			}, Integer.class)
			.registerWorkflow("sleep", (ctx, seconds) -> {
				Instant fireAt = ctx.getCurrentInstant().plusSeconds(seconds);
				ctx.createTimer(fireAt).await();
				return Duration.between(fireAt, ctx.getCurrentInstant()).toMillis();
			}, Integer.class)
			.build();
	}

	private static int seq(dev.workflow.WorkflowContext ctx, int n, int steps) {
		int v = n;
		for (int i = 0; i < steps; i++) {
			v = ctx.callActivity("add", v, Integer.class).await();
		}
		return v;
	}

	private static String measure(Backend b) throws Exception {
		if (b.postgres()) {
			resetPostgres(b.prefix());
		}
		try (WorkflowRuntime rt = runtime(b)) {
			rt.start();
			WorkflowClient c = rt.client();
			// warm the JIT up on this backend's paths before anything is measured
			round(c, "seq3", 16, (int) (3200 * SCALE));
			Point hello = point(c, "hello", 1, (int) (200 * SCALE));
			Point s1 = point(c, "seq3", 1, (int) (100 * SCALE));
			Point s16 = point(c, "seq3", 16, (int) (800 * SCALE));
			Point s64 = point(c, "seq3", 64, (int) (1280 * SCALE));
			Point f16 = point(c, "seq5", 16, (int) (800 * SCALE));
			String pg = "-";
			if (b.postgres()) {
				long[] before = pgCounters();
				int n = (int) (400 * SCALE);
				point(c, "seq3", 16, n, 1);
				long[] after = pgCounters();
				pg = String.format("%.1f / %.1f", (after[0] - before[0]) / (double) n, (after[1] - before[1]) / (double) n);
			}
			double t1k = fanOut(c, 1000);
			double t10k = fanOut(c, 10_000);
			String timers = timers(c, (int) (2000 * SCALE));
			return String.format("| %s | %.2f / %.2f ms | %.0f/s, p50 %.2f ms | %.0f/s, p50 %.1f ms | %.0f/s, p50 %.1f ms "
					+ "| %.0f/s, p50 %.1f ms | %.2f s (%.0f act/s) | %.2f s (%.0f act/s, %.1fx) | %s | %s |", b.name(), hello.p50(),
					hello.p99(), s1.perSecond(), s1.p50(), s16.perSecond(), s16.p50(), s64.perSecond(), s64.p50(),
					f16.perSecond(), f16.p50(), t1k, 1000 / t1k, t10k, 10_000 / t10k, t10k / t1k, timers, pg);
		}
	}

	private static Point point(WorkflowClient c, String workflow, int concurrency, int total) throws Exception {
		return point(c, workflow, concurrency, total, RUNS + 1);
	}

	/** Runs {@code runs} rounds (the first is warm-up when runs > 1) and returns the median round. */
	private static Point point(WorkflowClient c, String workflow, int concurrency, int total, int runs) throws Exception {
		List<Point> points = new ArrayList<>();
		for (int r = 0; r < runs; r++) {
			Point p = round(c, workflow, concurrency, Math.max(concurrency, total));
			if (runs == 1 || r > 0) {
				points.add(p);
			}
		}
		points.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
		return points.get(points.size() / 2);
	}

	private static Point round(WorkflowClient c, String workflow, int concurrency, int total) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		long t0 = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int w = 0; w < concurrency; w++) {
			int share = total / concurrency;
			futures.add(pool.submit(() -> {
				for (int i = 0; i < share; i++) {
					long s = System.nanoTime();
					String id = c.scheduleNewWorkflow(workflow, i);
					c.waitForInstanceCompletion(id, Duration.ofMinutes(5), false);
					latencies.add(System.nanoTime() - s);
				}
				return null;
			}));
		}
		for (Future<?> f : futures) {
			f.get();
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		pool.shutdown();
		Collections.sort(latencies);
		return new Point(latencies.size() / seconds, latencies.get(latencies.size() / 2) / 1e6,
				latencies.get(Math.min(latencies.size() - 1, (int) (latencies.size() * 0.99))) / 1e6);
	}

	private static double fanOut(WorkflowClient c, int n) throws Exception {
		long t0 = System.nanoTime();
		String id = c.scheduleNewWorkflow("fanOut", n);
		c.waitForInstanceCompletion(id, Duration.ofMinutes(10), false);
		return (System.nanoTime() - t0) / 1e9;
	}

	private static String timers(WorkflowClient c, int n) throws Exception {
		long heapBefore = usedHeapAfterGc();
		List<String> ids = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			ids.add(c.scheduleNewWorkflow("sleep", TIMER_SECONDS));
		}
		// all are waiting on their timers once each has run its first turn
		for (String id : ids) {
			c.waitForInstanceStart(id, Duration.ofMinutes(5), false);
		}
		long heapWaiting = usedHeapAfterGc();
		List<Long> lags = new ArrayList<>(n);
		for (String id : ids) {
			lags.add(c.waitForInstanceCompletion(id, Duration.ofMinutes(10), true).readOutputAs(Long.class));
		}
		Collections.sort(lags);
		long p99 = lags.get(Math.min(lags.size() - 1, (int) (lags.size() * 0.99)));
		double perInstance = Math.max(0, heapWaiting - heapBefore) / (double) n;
		return String.format("%,d timers of %d s: lag p99 %d ms, %.1f KiB", n, TIMER_SECONDS, p99, perInstance / 1024);
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static long[] pgCounters() throws Exception {
		Thread.sleep(700); // statistics reach pg_stat_database about every 500 ms
		try (Connection conn = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD); Statement st = conn.createStatement()) {
			long tx;
			try (ResultSet rs = st.executeQuery(
					"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
				rs.next();
				tx = rs.getLong(1);
			}
			long syncs = -1;
			try (ResultSet rs = st.executeQuery("SELECT wal_sync FROM pg_stat_wal")) {
				if (rs.next()) {
					syncs = rs.getLong(1);
				}
			}
			catch (Exception ignored) {
				// pg_stat_wal needs PostgreSQL 14
			}
			return new long[] { tx, syncs };
		}
	}

	private static void resetPostgres(String prefix) throws Exception {
		try (Connection conn = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD); Statement st = conn.createStatement()) {
			for (String t : new String[] { "instances", "history", "inbox", "activities", "schema_history", "actors",
					"actor_state", "reminders", "actors_schema_history" }) {
				st.execute("DROP TABLE IF EXISTS " + prefix + t);
			}
		}
	}

}
