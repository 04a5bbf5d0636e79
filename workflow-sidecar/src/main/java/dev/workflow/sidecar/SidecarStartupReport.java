package dev.workflow.sidecar;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.workflow.WorkflowRuntime;

/**
 * Logs one line when the sidecar is ready: where SDKs connect (each gRPC flavour's address and
 * port), which backend holds the state, and the management port. An operator starting the jar
 * by hand sees at once whether it listens where the SDK's {@code DAPR_GRPC_PORT} points.
 */
@Component
class SidecarStartupReport implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(SidecarStartupReport.class);

	private final Environment environment;

	private final WorkflowRuntime runtime;

	SidecarStartupReport(Environment environment, WorkflowRuntime runtime) {
		this.environment = environment;
		this.runtime = runtime;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		log.info(describe());
	}

	/**
	 * The startup line, e.g. {@code Workflow sidecar ready: Dapr gRPC on 127.0.0.1:50001,
	 * durabletask gRPC on 127.0.0.1:4001, backend sqlite (SqliteBackend), management on port 8080}.
	 */
	String describe() {
		String address = this.environment.getProperty("dapr.workflow.grpc.address", "127.0.0.1");
		List<String> endpoints = new ArrayList<>();
		// The bound ports, published when the endpoints start (they differ from the settings for port 0).
		String daprPort = this.environment.getProperty("local.dapr.workflow.grpc.port",
				this.environment.getProperty("dapr.workflow.grpc.port", ""));
		if (!daprPort.isBlank()) {
			endpoints.add("Dapr gRPC on " + address + ":" + daprPort);
		}
		String durableTaskPort = this.environment.getProperty("local.dapr.workflow.grpc.durabletask-port",
				this.environment.getProperty("dapr.workflow.grpc.durabletask-port", ""));
		if (!durableTaskPort.isBlank()) {
			endpoints.add("durabletask gRPC on " + address + ":" + durableTaskPort);
		}
		if (endpoints.isEmpty()) {
			endpoints.add("no gRPC port set (set dapr.workflow.grpc.port for Dapr SDKs, "
					+ "dapr.workflow.grpc.durabletask-port for durabletask SDKs)");
		}
		String backendType = this.environment.getProperty("dapr.workflow.backend-type", "actors");
		String backend = "backend " + backendType + " (" + this.runtime.backend().getClass().getSimpleName() + ")";
		String management = this.environment.getProperty("local.management.port",
				this.environment.getProperty("local.server.port", "none"));
		return "Workflow sidecar ready: " + String.join(", ", endpoints) + ", " + backend + ", management on port "
				+ management;
	}

}
