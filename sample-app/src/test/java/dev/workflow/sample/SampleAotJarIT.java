package dev.workflow.sample;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar started with Spring AOT's build-time bean definitions
 * ({@code -Dspring.aot.enabled=true}, as a native image runs them) on the JVM: the workflow and
 * activity beans are registered from the generated definitions and an order runs to the end through
 * the HTTP API, on the default backend (actors, state in an H2 file, migrated by Flyway).
 */
class SampleAotJarIT {

	@Test
	@SuppressWarnings("unchecked")
	void theAotProcessedJarRunsAnOrderThroughItsHttpApi() throws Exception {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("system property sample.jar (set by the pom)").isNotNull();
		assertThat(new File(jar)).exists();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path dir = Files.createTempDirectory(Path.of("target"), "aot-run-");
		Path log = dir.resolve("app.log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process app = new ProcessBuilder(List.of(java, "-Dspring.aot.enabled=true", "-jar",
				new File(jar).getAbsolutePath(), "--server.port=" + port))
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			SampleHttp api = new SampleHttp(port);
			long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			String id = null;
			while (id == null && System.nanoTime() < deadline && app.isAlive()) {
				try {
					id = api.place("{\"item\": \"book\", \"quantity\": 1, \"amount\": 12}");
				}
				catch (java.io.IOException notYet) {
					Thread.sleep(250);
				}
			}
			assertThat(id).as("the AOT-processed jar did not take an order; its output:%n%s", Files.readString(log))
				.isNotNull();
			Map<String, Object> done = api.awaitOrder(id, "COMPLETED", null);
			Map<String, Object> output = (Map<String, Object>) done.get("output");
			assertThat(output.get("status")).isEqualTo("SHIPPED");
			assertThat((String) output.get("trackingNumber")).startsWith("TRK-");
			// Spring Boot says so when it runs the build-time bean definitions instead of the classes
			assertThat(Files.readString(log)).contains("AOT-processed");
		}
		finally {
			app.destroyForcibly().waitFor();
		}
	}

}
