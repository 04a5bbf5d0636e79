package dev.workflow.sidecar;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged sidecar jar, started with {@code java -jar} on a SQLite file, serves the official
 * Dapr JavaScript SDK ({@code @dapr/dapr} 3.18.0, {@code src/test/js}): its worker runs generator
 * workflows (chain, timer, events, child, terminate) and its client checks each result. Run by
 * failsafe after package. Fails, never skips, when node or the SDK's modules are missing
 * ({@code .ci/node.sh} installs them).
 */
class SidecarJavaScriptIT {

	private Path dir;

	private Process sidecar;

	private Path log;

	private int grpcPort;

	private int managementPort;

	@BeforeEach
	void startSidecar() throws Exception {
		String jar = System.getProperty("sidecar.jar");
		assertThat(jar).as("system property sidecar.jar (set by the pom)").isNotNull();
		assertThat(new File(jar)).as("the packaged sidecar jar").exists();
		this.grpcPort = freePort();
		this.managementPort = freePort();
		int durableTaskPort = freePort();
		this.dir = Files.createTempDirectory(Path.of("target"), "sidecar-js-");
		this.log = this.dir.resolve("sidecar.log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.sidecar = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", new File(jar).getAbsolutePath(),
				"--dapr.workflow.backend-type=sqlite",
				"--dapr.workflow.backend-configuration.connection-string="
						+ this.dir.resolve("workflows.db").toAbsolutePath(),
				"--dapr.workflow.grpc.port=" + this.grpcPort,
				"--dapr.workflow.grpc.durabletask-port=" + durableTaskPort,
				"--server.port=" + this.managementPort))
			.directory(this.dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		awaitHealthy();
	}

	@AfterEach
	void stopSidecar() throws Exception {
		if (this.sidecar != null) {
			this.sidecar.destroyForcibly().waitFor();
		}
	}

	@Test
	void theDaprJavaScriptSdkRunsChainTimerEventsChildAndTerminate() throws Exception {
		Path js = Path.of(System.getProperty("sidecar.js.dir", "src/test/js")).toAbsolutePath();
		assertThat(js.resolve("node_modules/@dapr/dapr/package.json"))
			.as("the @dapr/dapr modules in %s: run .ci/node.sh (npm ci there) first", js)
			.exists();
		Path output = this.dir.resolve("node.log");
		Process node;
		try {
			ProcessBuilder builder = new ProcessBuilder(List.of("node", "workflows.js")).directory(js.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().put("DAPR_GRPC_PORT", Integer.toString(this.grpcPort));
			builder.environment().put("DAPR_HOST", "127.0.0.1");
			builder.environment().put("DAPR_SIDECAR_IP", "127.0.0.1");
			node = builder.start();
		}
		catch (IOException ex) {
			throw new AssertionError("cannot run node (Node.js 20 must be on the PATH): " + ex.getMessage(), ex);
		}
		if (!node.waitFor(3, TimeUnit.MINUTES)) {
			node.destroyForcibly().waitFor();
			fail("node did not finish in 3 minutes; its output:%n%s%nthe sidecar's:%n%s", Files.readString(output),
					tail());
		}
		String printed = Files.readString(output);
		assertThat(node.exitValue()).as("node's exit code; its output:%n%s%nthe sidecar's:%n%s", printed, tail())
			.isZero();
		assertThat(printed).contains("PASS chain Hello, Tokyo 1! Hello, Tokyo 2! Hello, Tokyo 3!")
			.contains("PASS timer")
			.contains("PASS events \"approved by alice\"")
			.contains("PASS child parent got: Hello, Paris 1! Hello, Paris 2! Hello, Paris 3!")
			.contains("PASS terminate")
			.contains("ALL PASSED")
			.doesNotContain("FAIL");
		// The instances ran on the sidecar's backend: its workflows endpoint lists them.
		HttpResponse<String> workflows = get("/actuator/workflows");
		assertThat(workflows.statusCode()).isEqualTo(200);
		assertThat(workflows.body()).contains("-chain").contains("-parent-child");
		assertThat(Files.readString(this.log)).contains("Workflow sidecar ready: Dapr gRPC on 127.0.0.1:" + this.grpcPort)
			.contains("backend sqlite");
	}

	private void awaitHealthy() throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (System.nanoTime() < deadline && this.sidecar.isAlive()) {
			try {
				HttpResponse<String> health = get("/actuator/health");
				if (health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		fail("the sidecar did not become healthy on port %d; its output:%n%s", this.managementPort, tail());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String tail() throws IOException {
		String all = Files.readString(this.log);
		return all.length() > 20_000 ? all.substring(all.length() - 20_000) : all;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
