package dev.workflow.sample;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar starts with {@code java -jar}, as the README says: run by Failsafe after the
 * package phase, on the repackaged jar, in a JVM of its own.
 */
class SampleJarIT {

	@Test
	void theJarStartsWithJavaJarAndAnswersHealth() throws Exception {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("system property sample.jar (set by the pom)").isNotNull();
		assertThat(new File(jar)).exists();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path dir = Files.createTempDirectory(Path.of("target"), "jar-run-");
		Path log = dir.resolve("app.log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process app = new ProcessBuilder(List.of(java, "-jar", new File(jar).getAbsolutePath(), "--server.port=" + port,
				"--dapr.workflow.backend-configuration.state-store=memory"))
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			HttpResponse<String> health = null;
			while (System.nanoTime() < deadline && app.isAlive()) {
				try {
					health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
						.timeout(Duration.ofSeconds(10))
						.build(), HttpResponse.BodyHandlers.ofString());
					break;
				}
				catch (java.io.IOException notYet) {
					Thread.sleep(250);
				}
			}
			assertThat(health).as("no answer from the jar; its output:%n%s", Files.readString(log)).isNotNull();
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
			HttpResponse<String> workflows = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/workflows")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(workflows.statusCode()).isEqualTo(401);
		}
		finally {
			app.destroyForcibly().waitFor();
		}
	}

}
