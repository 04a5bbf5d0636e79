package dev.workflow.grpc.autoconfigure;

import java.time.Clock;
import java.util.List;

import io.grpc.Server;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.workflow.WorkflowRuntime;
import dev.workflow.grpc.EndpointSettings;
import dev.workflow.grpc.GrpcEndpoint;
import dev.workflow.grpc.InstanceOperations;
import dev.workflow.grpc.TlsSettings;
import dev.workflow.grpc.WorkerHub;
import dev.workflow.grpc.dapr.DaprSidecarService;
import dev.workflow.spring.boot.autoconfigure.WorkflowProperties;

/**
 * Serves the durabletask gRPC protocol (Dapr flavour) over the app's workflow backend when
 * {@code dapr.workflow.grpc.port} is set: Dapr SDK workers and clients in any language connect to
 * it as to a Dapr sidecar. Workflow names the app registers itself keep running in the app; all
 * other names go to the connected workers. The bound port is published as
 * {@code local.dapr.workflow.grpc.port} (useful with port 0).
 */
@AutoConfiguration(afterName = "dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration")
@ConditionalOnClass({ Server.class, WorkflowProperties.class })
@ConditionalOnBean(WorkflowRuntime.class)
@ConditionalOnProperty(name = "dapr.workflow.grpc.port")
@EnableConfigurationProperties(GrpcEndpointProperties.class)
public final class GrpcEndpointAutoConfiguration {

	/** The property the Dapr-flavour endpoint's bound port is published under. */
	public static final String LOCAL_PORT_PROPERTY = "local.dapr.workflow.grpc.port";

	@Bean
	@ConditionalOnMissingBean
	WorkerHub workflowWorkerHub(WorkflowRuntime runtime, GrpcEndpointProperties properties,
			WorkflowProperties workflow) {
		return WorkerHub.forRuntime(runtime, properties.getMaxItemsPerWorker(), workflow.getMaxPayloadSize().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	InstanceOperations workflowInstanceOperations(WorkflowRuntime runtime, WorkflowProperties workflow) {
		// instances started over gRPC belong to this app, as those its own client starts
		return new InstanceOperations(runtime, runtime.shareWork().appId(), workflow.getMaxPayloadSize().toBytes(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	DaprSidecarService daprSidecarService(InstanceOperations operations, WorkerHub hub) {
		return new DaprSidecarService(operations, hub);
	}

	@Bean
	GrpcEndpoint daprWorkflowGrpcEndpoint(GrpcEndpointProperties properties, WorkerHub hub, DaprSidecarService service,
			ObjectProvider<SslBundles> sslBundles) {
		EndpointSettings settings = new EndpointSettings(properties.getAddress(), properties.getPort(),
				properties.getApiToken(), tls(properties.getSsl(), sslBundles),
				(int) Math.min(Integer.MAX_VALUE, properties.getMaxInboundMessageSize().toBytes()),
				properties.getMaxItemsPerWorker());
		return new GrpcEndpoint(settings, hub, List.of(service), "Dapr workflow protocol");
	}

	@Bean
	GrpcEndpointLifecycle daprWorkflowGrpcEndpointLifecycle(GrpcEndpoint daprWorkflowGrpcEndpoint,
			ConfigurableEnvironment environment) {
		return new GrpcEndpointLifecycle(daprWorkflowGrpcEndpoint, environment, LOCAL_PORT_PROPERTY);
	}

	/** TLS from the named SSL bundle, or null for plaintext. */
	static TlsSettings tls(GrpcEndpointProperties.Ssl ssl, ObjectProvider<SslBundles> sslBundles) {
		if (ssl.getBundle() == null || ssl.getBundle().isBlank()) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException("dapr.workflow.grpc.ssl.bundle is '" + ssl.getBundle()
					+ "' but there are no SSL bundles; define it under spring.ssl.bundle.jks or spring.ssl.bundle.pem");
		}
		SslBundle bundle = bundles.getBundle(ssl.getBundle());
		return new TlsSettings(List.of(bundle.getManagers().getKeyManagers()),
				List.of(bundle.getManagers().getTrustManagers()), ssl.isClientAuth());
	}

}
