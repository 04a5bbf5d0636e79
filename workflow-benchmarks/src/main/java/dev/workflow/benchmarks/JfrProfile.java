package dev.workflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records a Java Flight Recorder profile (execution samples every 5 ms) around one piece of work
 * and summarizes it as markdown: the methods most often on top of a sampled stack (self time) and
 * the methods most often anywhere on it (total time, by package for our own code).
 */
final class JfrProfile {

	private JfrProfile() {
	}

	/**
	 * Runs {@code work} under a recording and returns the summary.
	 * @param file where the recording is kept (to open in JDK Mission Control)
	 * @param top how many lines each list shows
	 */
	static String profile(Path file, int top, Callable<?> work) throws Exception {
		try (Recording r = new Recording()) {
			r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5));
			r.start();
			work.call();
			r.stop();
			Files.createDirectories(file.toAbsolutePath().getParent());
			r.dump(file);
		}
		return summarize(file, top);
	}

	static String summarize(Path file, int top) throws Exception {
		Map<String, Integer> self = new HashMap<>();
		Map<String, Integer> total = new HashMap<>();
		Map<String, Integer> ours = new HashMap<>();
		int samples = 0;
		for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
			if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
				continue;
			}
			List<RecordedFrame> frames = e.getStackTrace().getFrames();
			if (frames.isEmpty()) {
				continue;
			}
			samples++;
			self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
			Set<String> seen = new HashSet<>();
			Set<String> seenOurs = new HashSet<>();
			for (RecordedFrame f : frames) {
				String n = name(f.getMethod());
				if (seen.add(n)) {
					total.merge(n, 1, Integer::sum);
				}
				String type = f.getMethod().getType().getName();
				int lambda = type.indexOf("$$Lambda");
				type = lambda < 0 ? type : type.substring(0, lambda);
				if (type.startsWith("dev.workflow.") && seenOurs.add(type)) {
					ours.merge(type, 1, Integer::sum);
				}
			}
		}
		StringBuilder out = new StringBuilder();
		out.append(String.format("%,d execution samples (every 5 ms per running thread); recording: %s%n%n", samples,
				file));
		table(out, "top frames (self)", self, samples, top);
		table(out, "methods on the stack (total)", total, samples, top);
		table(out, "our classes on the stack (total)", ours, samples, top);
		return out.toString();
	}

	private static void table(StringBuilder out, String title, Map<String, Integer> counts, int samples, int top) {
		out.append("| ").append(title).append(" | samples | share |\n|---|---|---|\n");
		counts.entrySet()
			.stream()
			.sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
			.limit(top)
			.forEach(e -> out.append(String.format("| `%s` | %d | %.1f%% |%n", e.getKey(), e.getValue(),
					100.0 * e.getValue() / Math.max(1, samples))));
		out.append('\n');
	}

	private static String name(RecordedMethod m) {
		String type = m.getType().getName();
		int lambda = type.indexOf("$$Lambda");
		type = lambda < 0 ? type : type.substring(0, lambda) + "$lambda";
		return type.substring(type.lastIndexOf('.') + 1) + "." + m.getName();
	}

}
