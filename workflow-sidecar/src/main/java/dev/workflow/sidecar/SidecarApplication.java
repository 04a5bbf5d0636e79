package dev.workflow.sidecar;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The workflow sidecar: a Spring Boot application with no workflows of its own that serves the
 * durabletask gRPC protocol over a workflow backend, so Dapr and durabletask SDKs in any language
 * run their workflows and activities on it.
 * <p>
 * Start it with {@code java -jar workflow-sidecar.jar --dapr.workflow.backend-type=sqlite
 * --dapr.workflow.grpc.port=50001} and point the SDK's {@code DAPR_GRPC_PORT} at that port. Its
 * {@code application.yml} documents the defaults; every {@code dapr.workflow.*} key of the
 * starter applies.
 */
@SpringBootApplication
public class SidecarApplication {

	/**
	 * Starts the sidecar.
	 * @param args Spring Boot command line arguments ({@code --key=value})
	 */
	public static void main(String[] args) {
		SpringApplication.run(SidecarApplication.class, args);
	}

}
