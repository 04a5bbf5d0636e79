package dev.workflow.grpc.durabletask;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcClientBuilder;
import com.microsoft.durabletask.DurableTaskGrpcWorker;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;

import dev.workflow.WorkflowRuntime;
import dev.workflow.grpc.EndpointSettings;
import dev.workflow.grpc.GrpcEndpoint;
import dev.workflow.grpc.InstanceOperations;
import dev.workflow.grpc.WorkerHub;

/**
 * A started workflow runtime (no workflows of its own) with the Microsoft-flavour endpoint on a
 * free loopback port, and the real durabletask-client 1.5.0 SDK's workers and client pointed at it.
 */
final class MicrosoftSdkEndpoint implements AutoCloseable {

	private final WorkflowRuntime runtime;

	private final GrpcEndpoint endpoint;

	private final List<AutoCloseable> sdk = new ArrayList<>();

	MicrosoftSdkEndpoint(WorkflowRuntime.Builder runtime) {
		this.runtime = runtime.build();
		// Shared before the runtime's own workers start: a claim they had in flight from before
		// would still take every name, remote ones included.
		this.runtime.shareWork();
		this.runtime.start();
		WorkerHub hub = WorkerHub.forRuntime(this.runtime, EndpointSettings.DEFAULT_MAX_ITEMS_PER_WORKER,
				2 * 1024 * 1024);
		InstanceOperations operations = new InstanceOperations(this.runtime, null, 2 * 1024 * 1024,
				Clock.systemUTC());
		this.endpoint = new GrpcEndpoint(EndpointSettings.onPort(0), hub,
				List.of(new MicrosoftTaskHubService(hub, operations, Clock.systemUTC())), "durabletask protocol");
		this.endpoint.start();
	}

	int port() {
		return this.endpoint.port();
	}

	WorkflowRuntime runtime() {
		return this.runtime;
	}

	/** A started SDK worker; closed with the endpoint unless the test closes it first. */
	DurableTaskGrpcWorker worker(List<TaskOrchestrationFactory> orchestrations, List<TaskActivityFactory> activities) {
		DurableTaskGrpcWorkerBuilder builder = new DurableTaskGrpcWorkerBuilder().port(port());
		orchestrations.forEach(builder::addOrchestration);
		activities.forEach(builder::addActivity);
		DurableTaskGrpcWorker worker = builder.build();
		worker.start();
		this.sdk.add(worker);
		return worker;
	}

	DurableTaskClient client() {
		DurableTaskClient client = new DurableTaskGrpcClientBuilder().port(port()).build();
		this.sdk.add(client);
		return client;
	}

	static TaskOrchestrationFactory orchestration(String name, TaskOrchestration code) {
		return new TaskOrchestrationFactory() {

			@Override
			public String getName() {
				return name;
			}

			@Override
			public TaskOrchestration create() {
				return code;
			}

		};
	}

	static TaskActivityFactory activity(String name, TaskActivity code) {
		return new TaskActivityFactory() {

			@Override
			public String getName() {
				return name;
			}

			@Override
			public TaskActivity create() {
				return code;
			}

		};
	}

	@Override
	public void close() {
		for (AutoCloseable closeable : this.sdk) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// closing the rest matters more
			}
		}
		this.endpoint.stop();
		this.runtime.close();
	}

}
