package dev.workflow.grpc;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.workflow.WorkflowRuntime;
import dev.workflow.engine.Payloads;

/**
 * A started runtime on a real backend with a started gRPC endpoint in front of it, for tests.
 */
public final class EndpointFixture implements AutoCloseable {

	private final WorkflowRuntime runtime;

	private final WorkerHub hub;

	private final GrpcEndpoint endpoint;

	private EndpointFixture(WorkflowRuntime runtime, WorkerHub hub, GrpcEndpoint endpoint) {
		this.runtime = runtime;
		this.hub = hub;
		this.endpoint = endpoint;
	}

	/**
	 * Starts a runtime on a backend and an endpoint with the flavour's service.
	 * @param backendType the backend type
	 * @param configuration the backend settings
	 * @param local registers the app's own workflows and activities, if any
	 * @param settings the endpoint settings
	 * @param service creates the flavour's service
	 * @return the started fixture
	 */
	public static EndpointFixture start(String backendType, Map<String, ?> configuration,
			Consumer<WorkflowRuntime.Builder> local, EndpointSettings settings,
			Function<Parts, ProtocolService> service) {
		WorkflowRuntime.Builder builder = WorkflowRuntime.builder().backend(backendType, configuration);
		local.accept(builder);
		WorkflowRuntime runtime = builder.build();
		WorkerHub hub = WorkerHub.forRuntime(runtime, settings.maxItemsPerWorker(), Payloads.DEFAULT_MAX_BYTES);
		runtime.start();
		InstanceOperations ops = new InstanceOperations(runtime, null, Payloads.DEFAULT_MAX_BYTES, Clock.systemUTC());
		GrpcEndpoint endpoint = new GrpcEndpoint(settings, hub, List.of(service.apply(new Parts(ops, hub))), "test");
		endpoint.start();
		return new EndpointFixture(runtime, hub, endpoint);
	}

	/** What a flavour's service is built from. */
	public record Parts(InstanceOperations operations, WorkerHub hub) {
	}

	public WorkflowRuntime runtime() {
		return this.runtime;
	}

	public WorkerHub hub() {
		return this.hub;
	}

	public GrpcEndpoint endpoint() {
		return this.endpoint;
	}

	public int port() {
		return this.endpoint.port();
	}

	@Override
	public void close() {
		this.endpoint.stop();
		this.runtime.close();
	}

}
