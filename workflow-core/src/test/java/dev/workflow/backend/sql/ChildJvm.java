package dev.workflow.backend.sql;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts test mains in a child JVM on the test class path (so a test can SIGKILL them), passing a
 * backend configuration as trailing {@code key=value} arguments.
 */
final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Starts {@code main} with {@code args} followed by the configuration as {@code key=value}.
	 * @param main the class whose main method runs
	 * @param log where the child's output goes
	 * @param config the backend configuration
	 * @param args the leading arguments
	 * @return the process
	 */
	static Process start(Class<?> main, Path log, Map<String, String> config, String... args) throws IOException {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), main.getName()));
		cmd.addAll(List.of(args));
		config.forEach((k, v) -> cmd.add(k + "=" + v));
		return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/**
	 * Reads the configuration a child was started with.
	 * @param args the child's arguments
	 * @param from the index of the first {@code key=value} argument
	 * @return the configuration
	 */
	static Map<String, String> config(String[] args, int from) {
		Map<String, String> config = new HashMap<>();
		for (int i = from; i < args.length; i++) {
			int eq = args[i].indexOf('=');
			config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
		}
		return config;
	}

}
