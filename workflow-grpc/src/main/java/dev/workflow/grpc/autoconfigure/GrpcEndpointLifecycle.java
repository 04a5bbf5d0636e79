package dev.workflow.grpc.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import dev.workflow.grpc.GrpcEndpoint;

/**
 * Starts a gRPC endpoint after the workflow runtime (so every workflow method is registered and the
 * runtime's own workers know which names are theirs) and stops it before the runtime, and publishes
 * the port it bound as a {@code local.*} property, as Spring Boot does for its web server.
 */
public final class GrpcEndpointLifecycle implements SmartLifecycle {

	private static final String PROPERTY_SOURCE = "workflow-grpc-ports";

	private final GrpcEndpoint endpoint;

	private final ConfigurableEnvironment environment;

	private final String portProperty;

	/**
	 * Creates the lifecycle.
	 * @param endpoint the endpoint
	 * @param environment where to publish the port
	 * @param portProperty the property to publish it under, e.g. {@code local.dapr.workflow.grpc.port}
	 */
	public GrpcEndpointLifecycle(GrpcEndpoint endpoint, ConfigurableEnvironment environment, String portProperty) {
		this.endpoint = endpoint;
		this.environment = environment;
		this.portProperty = portProperty;
	}

	@Override
	public void start() {
		this.endpoint.start();
		publish(this.endpoint.port());
	}

	@Override
	public void stop() {
		this.endpoint.stop();
	}

	@Override
	public boolean isRunning() {
		return this.endpoint.isRunning();
	}

	@Override
	public int getPhase() {
		// after the workflow runtime (DEFAULT_PHASE - 1024) starts, before it stops
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

	@SuppressWarnings("unchecked")
	private void publish(int port) {
		MutablePropertySources sources = this.environment.getPropertySources();
		MapPropertySource source = (MapPropertySource) sources.get(PROPERTY_SOURCE);
		if (source == null) {
			source = new MapPropertySource(PROPERTY_SOURCE, new HashMap<>());
			sources.addFirst(source);
		}
		((Map<String, Object>) source.getSource()).put(this.portProperty, port);
	}

}
