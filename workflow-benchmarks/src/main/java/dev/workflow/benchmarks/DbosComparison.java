package dev.workflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Ours against DBOS Transact Java on the same PostgreSQL in the same run, and ours embedded
 * (actors/memory, SQLite file), with one workflow: three steps, each returning its input plus one
 * character. Prints markdown tables (also written to {@code target/dbos-comparison.md}):
 * <ul>
 * <li>PostgreSQL: throughput and p50 at each caller count for ours and DBOS, in interleaved pairs
 * (the order alternates between pairs), with the ours/DBOS ratio of each pair and the median of
 * the pairs' ratios; CPU per workflow of this JVM and of the PostgreSQL backends serving the
 * database;</li>
 * <li>statements, round trips, commits (counted through a proxy JDBC driver) and PostgreSQL
 * transactions ({@code pg_stat_database}) per workflow;</li>
 * <li>embedded backends: throughput, p50 and JVM CPU per workflow, medians of the runs;</li>
 * <li>a JFR profile summary of ours on PostgreSQL at the highest caller count.</li>
 * </ul>
 * Settings (system properties): {@code bench.n} (workflows per measured round, default 2000),
 * {@code bench.warmup} (workflows run before each measured round, default 500), {@code bench.pairs}
 * (default 3), {@code bench.callers} (default {@code 1,16}), {@code bench.parts} (default
 * {@code postgres,counts,embedded,profile}), {@code bench.maxConcurrentWorkflows} (ours; default:
 * the library's default), {@code bench.postgresUrl}/{@code User}/{@code Password} (default the
 * database of .ci/postgres.sh), {@code bench.dbosSchema} (default {@code dbos_bench}), {@code bench.embedded} (default {@code actors-memory,sqlite}), {@code bench.profile} (the backend profiled:
 * postgres (default), actors-memory or sqlite).
 */
public final class DbosComparison {

	private static final int N = Integer.getInteger("bench.n", 2000);

	private static final int WARMUP = Integer.getInteger("bench.warmup", 500);

	private static final int PAIRS = Integer.getInteger("bench.pairs", 3);

	private static final int MAX_WORKFLOWS = Integer.getInteger("bench.maxConcurrentWorkflows", 0);

	private static final List<Integer> CALLERS = List.of(System.getProperty("bench.callers", "1,16").split(","))
		.stream()
		.map(s -> Integer.parseInt(s.trim()))
		.toList();

	private static final List<String> PARTS = List.of(
			System.getProperty("bench.parts", "postgres,counts,embedded,profile").split(","));

	private static final String PG_URL = System.getProperty("bench.postgresUrl",
			"jdbc:postgresql://127.0.0.1:5432/workflow_test");

	private static final String PG_USER = System.getProperty("bench.postgresUser", "workflow");

	private static final String PG_PASSWORD = System.getProperty("bench.postgresPassword", "workflow");

	private static final String DBOS_SCHEMA = System.getProperty("bench.dbosSchema", "dbos_bench");

	/** One measured round. */
	record Round(double perSecond, double p50, double p99, double jvmMs, double pgMs) {
	}

	private DbosComparison() {
	}

	public static void main(String[] args) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		String prefix = "cmp_" + run + "_";
		Path dir = Files.createDirectories(Path.of("target", "bench-data"));
		StringBuilder out = new StringBuilder();
		out.append(String.format("Machine: %d cores; JVM %s %s; n = %,d per round after %,d warm-up; %d pairs.%n%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), N, WARMUP, PAIRS));
		String database = PG_URL.substring(PG_URL.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
		CpuMeter pgMeter = new CpuMeter(PG_URL, PG_USER, PG_PASSWORD, database);
		Map<String, String> pgConfig = Map.of("url", PG_URL, "username", PG_USER, "password", PG_PASSWORD,
				"table-prefix", prefix);
		try {
			if (PARTS.contains("postgres")) {
				out.append(postgres(pgMeter, pgConfig));
				System.out.println(out);
			}
			if (PARTS.contains("counts")) {
				out.append(counts(prefix));
				System.out.println(out);
			}
			if (PARTS.contains("embedded")) {
				out.append(embedded(dir, run));
				System.out.println(out);
			}
			if (PARTS.contains("profile")) {
				int callers = CALLERS.get(CALLERS.size() - 1);
				String backend = System.getProperty("bench.profile", "postgres");
				out.append("### Profile: ours on ").append(backend).append(", ").append(callers)
					.append(" callers, one round\n\n");
				Supplier<Contender> ours = switch (backend) {
					case "postgres" -> () -> new Contender.Ours("jdbc", pgConfig, MAX_WORKFLOWS);
					case "actors-memory" -> () -> new Contender.Ours("actors", Map.of("state-store", "memory"), MAX_WORKFLOWS);
					case "sqlite" -> () -> new Contender.Ours("sqlite",
							Map.of("connection-string", dir.resolve("prof-" + run + ".db").toAbsolutePath().toString()),
							MAX_WORKFLOWS);
					default -> throw new IllegalArgumentException("Unknown bench.profile '" + backend
							+ "': expected postgres, actors-memory or sqlite");
				};
				try (Contender c = ours.get()) {
					round(c, callers, WARMUP, null);
					out.append(JfrProfile.profile(Path.of("target", "dbos-comparison-" + backend + ".jfr"), 25,
							() -> round(c, callers, N, null)));
				}
			}
		}
		finally {
			dropTables(prefix);
		}
		Files.writeString(Path.of("target", "dbos-comparison.md"), out.toString());
		System.out.println(out);
		System.exit(0);
	}

	private static String postgres(CpuMeter meter, Map<String, String> ourConfig) throws Exception {
		Map<String, Supplier<Contender>> contenders = new LinkedHashMap<>();
		contenders.put("ours", () -> new Contender.Ours("jdbc", ourConfig, MAX_WORKFLOWS));
		contenders.put("DBOS", () -> new Contender.Dbos(PG_URL, PG_USER, PG_PASSWORD, DBOS_SCHEMA));
		Map<String, List<Round>> rounds = new LinkedHashMap<>();
		for (int p = 0; p < PAIRS; p++) {
			for (int callers : CALLERS) {
				List<String> order = new ArrayList<>(contenders.keySet());
				if (p % 2 == 1) {
					Collections.reverse(order);
				}
				for (String name : order) {
					try (Contender c = contenders.get(name).get()) {
						round(c, callers, WARMUP, null);
						Round r = round(c, callers, N, meter);
						rounds.computeIfAbsent(name + "@" + callers, k -> new ArrayList<>()).add(r);
						System.out.printf("pair %d, %s, %d callers: %.0f/s, p50 %.2f ms, JVM %.3f ms/wf, PG %.3f ms/wf%n",
								p + 1, name, callers, r.perSecond(), r.p50(), r.jvmMs(), r.pgMs());
					}
				}
			}
		}
		StringBuilder out = new StringBuilder("### PostgreSQL: ours (jdbc backend) against DBOS Transact 1.1.0-m6\n\n");
		out.append("Medians of ").append(PAIRS).append(" interleaved same-run pairs; a ratio is the median of the pairs' "
				+ "ratios (ours/DBOS for throughput, DBOS/ours for p50 and CPU: above 1 means ours is better). CPU is "
				+ "per workflow: this JVM (user+system) and the PostgreSQL backends serving the database.\n\n");
		out.append("| callers | ours wf/s | DBOS wf/s | ratio | ours p50 | DBOS p50 | ratio | ours JVM CPU | DBOS JVM CPU "
				+ "| ratio | ours PG CPU | DBOS PG CPU | ratio |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (int callers : CALLERS) {
			List<Round> o = rounds.get("ours@" + callers);
			List<Round> d = rounds.get("DBOS@" + callers);
			out.append(String.format("| %d | %.0f | %.0f | %.2f | %.2f ms | %.2f ms | %.2f | %.3f ms | %.3f ms | %.2f "
					+ "| %.3f ms | %.3f ms | %.2f |%n", callers, median(o, Round::perSecond), median(d, Round::perSecond),
					ratio(o, d, Round::perSecond), median(o, Round::p50), median(d, Round::p50),
					ratio(d, o, Round::p50), median(o, Round::jvmMs), median(d, Round::jvmMs),
					ratio(d, o, Round::jvmMs), median(o, Round::pgMs), median(d, Round::pgMs), ratio(d, o, Round::pgMs)));
		}
		out.append("\nEach pair (ours/DBOS throughput): ");
		for (int callers : CALLERS) {
			List<Round> o = rounds.get("ours@" + callers);
			List<Round> d = rounds.get("DBOS@" + callers);
			out.append(callers).append(" callers");
			for (int i = 0; i < o.size(); i++) {
				out.append(String.format(" %.0f/%.0f", o.get(i).perSecond(), d.get(i).perSecond()));
			}
			out.append("; ");
		}
		return out.append("\n\n").toString();
	}

	/** Statements, round trips and commits per workflow through the counting driver, one round each. */
	private static String counts(String prefix) throws Exception {
		CountingDriver.register();
		String url = CountingDriver.wrap(PG_URL);
		int callers = CALLERS.get(CALLERS.size() - 1);
		int n = Math.max(callers, N / 4);
		StringBuilder out = new StringBuilder("### Statements and round trips per workflow (PostgreSQL, ")
			.append(callers).append(" callers, ").append(n).append(" workflows)\n\n");
		out.append("| system | statements | round trips | commits (JDBC) | transactions (pg_stat_database) |\n")
			.append("|---|---|---|---|---|\n");
		Map<String, Supplier<Contender>> contenders = new LinkedHashMap<>();
		contenders.put("ours", () -> new Contender.Ours("jdbc",
				Map.of("url", url, "username", PG_USER, "password", PG_PASSWORD, "table-prefix", prefix), MAX_WORKFLOWS));
		contenders.put("DBOS", () -> new Contender.Dbos(url, PG_USER, PG_PASSWORD, DBOS_SCHEMA));
		StringBuilder statementLines = new StringBuilder();
		for (Map.Entry<String, Supplier<Contender>> e : contenders.entrySet()) {
			try (Contender c = e.getValue().get()) {
				round(c, callers, Math.min(WARMUP, n), null);
				long tx0 = transactions();
				long[] before = CountingDriver.snapshot();
				Map<String, Long> sqlBefore = CountingDriver.bySql();
				round(c, callers, n, null);
				long[] after = CountingDriver.snapshot();
				Map<String, Long> sqlAfter = CountingDriver.bySql();
				StringBuilder each = new StringBuilder();
				sqlAfter.forEach((sql, count) -> {
					double per = (count - sqlBefore.getOrDefault(sql, 0L)) / (double) n;
					if (per >= 0.05) {
						each.append(String.format("| %s | %.2f | `%s` |%n", e.getKey(), per, sql.replace("|", "\\|")));
					}
				});
				statementLines.append(each);
				long tx1 = transactions();
				out.append(String.format("| %s | %.1f | %.1f | %.1f | %.1f |%n", e.getKey(), (after[0] - before[0]) / (double) n,
						(after[1] - before[1]) / (double) n, (after[2] - before[2]) / (double) n, (tx1 - tx0) / (double) n));
			}
		}
		out.append("\n| system | per workflow | statement |\n|---|---|---|\n").append(statementLines);
		return out.append('\n').toString();
	}

	private static String embedded(Path dir, String run) throws Exception {
		Map<String, Supplier<Contender>> backends = new LinkedHashMap<>();
		backends.put("actors-memory", () -> new Contender.Ours("actors", Map.of("state-store", "memory"), MAX_WORKFLOWS));
		backends.put("sqlite (file, WAL)", () -> new Contender.Ours("sqlite",
				Map.of("connection-string", dir.resolve("cmp-" + run + ".db").toAbsolutePath().toString()), MAX_WORKFLOWS));
		StringBuilder out = new StringBuilder("### Embedded (ours), medians of ").append(PAIRS).append(" rounds\n\n");
		out.append("| backend | callers | wf/s | p50 | p99 | JVM CPU per workflow |\n|---|---|---|---|---|---|\n");
		CpuMeter jvmOnly = new CpuMeter(null, null, null, null);
		List<String> wanted = List.of(System.getProperty("bench.embedded", "actors-memory,sqlite").split(","));
		for (Map.Entry<String, Supplier<Contender>> e : backends.entrySet()) {
			if (wanted.stream().noneMatch(w -> e.getKey().startsWith(w.trim()))) {
				continue;
			}
			for (int callers : CALLERS) {
				List<Round> rounds = new ArrayList<>();
				for (int r = 0; r < PAIRS; r++) {
					try (Contender c = e.getValue().get()) {
						round(c, callers, WARMUP, null);
						rounds.add(round(c, callers, N, jvmOnly));
					}
				}
				out.append(String.format("| %s | %d | %.0f | %.2f ms | %.2f ms | %.3f ms |%n", e.getKey(), callers,
						median(rounds, Round::perSecond), median(rounds, Round::p50), median(rounds, Round::p99),
						median(rounds, Round::jvmMs)));
				System.out.println(out);
			}
		}
		return out.append('\n').toString();
	}

	/** Runs {@code n} workflows from {@code callers} threads; CPU per workflow when a meter is given. */
	static Round round(Contender c, int callers, int n, CpuMeter meter) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			List<Long> latencies = Collections.synchronizedList(new ArrayList<>(n));
			CpuMeter.Reading before = meter == null ? null : meter.read();
			long t0 = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < callers; w++) {
				int share = n / callers + (w < n % callers ? 1 : 0);
				int caller = w;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < share; i++) {
						String input = caller + "-" + i + "-";
						long s = System.nanoTime();
						String output = c.runOne(input);
						latencies.add(System.nanoTime() - s);
						if (!(input + "xxx").equals(output)) {
							throw new IllegalStateException("Workflow returned '" + output + "' for input '" + input + "'");
						}
					}
					return null;
				}));
			}
			for (Future<?> f : futures) {
				f.get();
			}
			double seconds = (System.nanoTime() - t0) / 1e9;
			double[] cpu = meter == null ? new double[] { 0, 0 } : CpuMeter.millisBetween(before, meter.read());
			Collections.sort(latencies);
			return new Round(n / seconds, latencies.get(n / 2) / 1e6,
					latencies.get(Math.min(n - 1, (int) (n * 0.99))) / 1e6, cpu[0] / n, cpu[1] / n);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
		double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
		return v[v.length / 2];
	}

	/** The median over pairs of {@code f(a) / f(b)}. */
	private static double ratio(List<Round> a, List<Round> b, java.util.function.ToDoubleFunction<Round> f) {
		double[] v = new double[a.size()];
		for (int i = 0; i < v.length; i++) {
			v[i] = f.applyAsDouble(a.get(i)) / f.applyAsDouble(b.get(i));
		}
		java.util.Arrays.sort(v);
		return v[v.length / 2];
	}

	private static long transactions() throws Exception {
		Thread.sleep(700); // statistics reach pg_stat_database about every 500 ms
		try (Connection conn = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
				Statement st = conn.createStatement();
				ResultSet rs = st.executeQuery(
						"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static void dropTables(String prefix) throws Exception {
		try (Connection conn = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD); Statement st = conn.createStatement()) {
			List<String> tables = new ArrayList<>();
			try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE tablename LIKE '" + prefix + "%'")) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			for (String t : tables) {
				st.execute("DROP TABLE IF EXISTS " + t);
			}
		}
	}

}
