package dev.workflow.grpc.autoconfigure;

import java.time.Clock;
import java.util.List;

import io.grpc.Server;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.workflow.WorkflowRuntime;
import dev.workflow.grpc.EndpointSettings;
import dev.workflow.grpc.GrpcEndpoint;
import dev.workflow.grpc.InstanceOperations;
import dev.workflow.grpc.WorkerHub;
import dev.workflow.grpc.durabletask.MicrosoftTaskHubService;
import dev.workflow.spring.boot.autoconfigure.WorkflowProperties;

/**
 * Serves the Microsoft flavour of the durabletask gRPC protocol (what
 * {@code com.microsoft:durabletask-client} and the other durabletask SDKs speak) over the app's
 * workflow backend when {@code dapr.workflow.grpc.durabletask-port} is set. It may run beside the
 * Dapr flavour ({@code dapr.workflow.grpc.port}); both share the address, api token and TLS
 * settings, each has its own port and its own worker hub. The bound port is published as
 * {@code local.dapr.workflow.grpc.durabletask-port}.
 * <p>
 * The endpoint and its hub are deliberately not beans of their own types: the Dapr flavour's
 * auto-configuration backs off for a user's {@link WorkerHub} or {@link InstanceOperations}, and
 * a second bean of those types must not make it back off or inject the wrong one.
 */
@AutoConfiguration(afterName = "dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration")
@ConditionalOnClass({ Server.class, WorkflowProperties.class })
@ConditionalOnBean(WorkflowRuntime.class)
@ConditionalOnProperty(name = "dapr.workflow.grpc.durabletask-port")
@EnableConfigurationProperties(GrpcEndpointProperties.class)
public final class DurableTaskEndpointAutoConfiguration {

	/** The property the Microsoft-flavour endpoint's bound port is published under. */
	public static final String LOCAL_PORT_PROPERTY = "local.dapr.workflow.grpc.durabletask-port";

	@Bean
	GrpcEndpointLifecycle durableTaskWorkflowGrpcEndpointLifecycle(WorkflowRuntime runtime,
			WorkflowProperties workflow, GrpcEndpointProperties properties, ObjectProvider<SslBundles> sslBundles,
			ConfigurableEnvironment environment) {
		EndpointSettings settings = new EndpointSettings(properties.getAddress(), properties.getDurabletaskPort(),
				properties.getApiToken(), GrpcEndpointAutoConfiguration.tls(properties.getSsl(), sslBundles),
				(int) Math.min(Integer.MAX_VALUE, properties.getMaxInboundMessageSize().toBytes()),
				properties.getMaxItemsPerWorker());
		// A hub of its own: an endpoint starts and stops its hub, and the Dapr flavour's may stop first.
		WorkerHub hub = WorkerHub.forRuntime(runtime, properties.getMaxItemsPerWorker(),
				workflow.getMaxPayloadSize().toBytes());
		InstanceOperations operations = new InstanceOperations(runtime, runtime.shareWork().appId(),
				workflow.getMaxPayloadSize().toBytes(), Clock.systemUTC());
		GrpcEndpoint endpoint = new GrpcEndpoint(settings, hub,
				List.of(new MicrosoftTaskHubService(hub, operations, Clock.systemUTC())), "durabletask protocol");
		return new GrpcEndpointLifecycle(endpoint, environment, LOCAL_PORT_PROPERTY);
	}

}
