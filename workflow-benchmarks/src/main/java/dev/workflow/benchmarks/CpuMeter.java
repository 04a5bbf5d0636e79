package dev.workflow.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time spent by this JVM (user + system, from the OS) and by the PostgreSQL backends serving one
 * database (utime + stime of each backend process from {@code /proc}, the database being on this
 * machine). The backends are found in {@code pg_stat_activity}; a connection opened and closed
 * between two readings is missed, which pooled benchmarks do not do.
 */
final class CpuMeter {

	/** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on Linux on every common platform. */
	private static final double TICKS_PER_SECOND = 100;

	private final String url;

	private final String user;

	private final String password;

	private final String database;

	/** A reading: JVM CPU nanoseconds and the ticks of each PostgreSQL backend process. */
	record Reading(long jvmNanos, Map<Long, Long> pgTicks) {
	}

	/**
	 * @param url the JDBC url of the PostgreSQL database whose backends count, or {@code null} to
	 * measure the JVM only
	 * @param database the name of that database (another one on the same server may be given)
	 */
	CpuMeter(String url, String user, String password, String database) {
		this.url = url;
		this.user = user;
		this.password = password;
		this.database = database;
	}

	Reading read() {
		long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		return new Reading(jvm, this.url == null ? Map.of() : pgTicks());
	}

	/** Milliseconds of CPU between two readings: {@code [jvm, postgres backends]}. */
	static double[] millisBetween(Reading before, Reading after) {
		double jvm = (after.jvmNanos() - before.jvmNanos()) / 1e6;
		long ticks = 0;
		for (Map.Entry<Long, Long> e : after.pgTicks().entrySet()) {
			ticks += e.getValue() - before.pgTicks().getOrDefault(e.getKey(), 0L);
		}
		return new double[] { jvm, ticks * 1000 / TICKS_PER_SECOND };
	}

	private Map<Long, Long> pgTicks() {
		Map<Long, Long> ticks = new HashMap<>();
		try (Connection c = DriverManager.getConnection(this.url, this.user, this.password);
				PreparedStatement ps = c.prepareStatement(
						"SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
			ps.setString(1, this.database);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					long pid = rs.getLong(1);
					long t = processTicks(pid);
					if (t >= 0) {
						ticks.put(pid, t);
					}
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read the PostgreSQL backends of database '" + this.database
					+ "' (the benchmark needs the server on this machine, for /proc): " + ex.getMessage(), ex);
		}
		return ticks;
	}

	/** utime + stime of a process in clock ticks, or -1 when it is gone or unreadable. */
	static long processTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command name (field 2) may hold spaces: count fields after its closing parenthesis
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// f[0] is field 3 (state): utime is field 14, stime field 15
			return Long.parseLong(f[11]) + Long.parseLong(f[12]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
