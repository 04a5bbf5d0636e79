package dev.workflow.grpc.autoconfigure;

import java.nio.file.Path;
import java.util.UUID;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcClientBuilder;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code dapr.workflow.grpc.durabletask-port} serves the Microsoft flavour, alone or beside the
 * Dapr flavour, with the shared api-token setting; checked with the real durabletask-client 1.5.0.
 */
class DurableTaskEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowAutoConfiguration.class,
				GrpcEndpointAutoConfiguration.class, DurableTaskEndpointAutoConfiguration.class))
		.withPropertyValues("dapr.workflow.backend-type=sqlite",
				"dapr.workflow.backend-configuration.connection-string="
						+ Path.of("target", "grpc-ms-autoconfig-" + UUID.randomUUID() + ".db").toAbsolutePath());

	@Test
	void bothFlavoursServeAtOnceEachOnItsOwnPort() {
		this.runner.withPropertyValues("dapr.workflow.grpc.port=0", "dapr.workflow.grpc.durabletask-port=0")
			.run(context -> {
				assertThat(context).hasNotFailed();
				int dapr = port(context, GrpcEndpointAutoConfiguration.LOCAL_PORT_PROPERTY);
				int durableTask = port(context, DurableTaskEndpointAutoConfiguration.LOCAL_PORT_PROPERTY);
				assertThat(dapr).isPositive().isNotEqualTo(durableTask);
				assertThat(durableTask).isPositive();
				try (DurableTaskClient client = new DurableTaskGrpcClientBuilder().port(durableTask).build()) {
					assertThat(client.getInstanceMetadata("no-such-instance", false).isInstanceFound()).isFalse();
				}
			});
	}

	@Test
	void theDurabletaskPortAloneStartsOnlyTheMicrosoftFlavour() {
		this.runner.withPropertyValues("dapr.workflow.grpc.durabletask-port=0").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getEnvironment().getProperty(GrpcEndpointAutoConfiguration.LOCAL_PORT_PROPERTY)).isNull();
			int port = port(context, DurableTaskEndpointAutoConfiguration.LOCAL_PORT_PROPERTY);
			try (DurableTaskClient client = new DurableTaskGrpcClientBuilder().port(port).build()) {
				String id = client.scheduleNewOrchestrationInstance("remote-only");
				assertThat(client.getInstanceMetadata(id, false).isInstanceFound()).isTrue();
			}
		});
	}

	@Test
	void withAnApiTokenCallsWithoutItAreRejectedAndCallsWithItServed() {
		this.runner.withPropertyValues("dapr.workflow.grpc.durabletask-port=0", "dapr.workflow.grpc.api-token=s3cret")
			.run(context -> {
				int port = port(context, DurableTaskEndpointAutoConfiguration.LOCAL_PORT_PROPERTY);
				try (DurableTaskClient anonymous = new DurableTaskGrpcClientBuilder().port(port).build()) {
					assertThatThrownBy(() -> anonymous.getInstanceMetadata("any", false))
						.isInstanceOfSatisfying(StatusRuntimeException.class,
								ex -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
				}
				Metadata token = new Metadata();
				token.put(Metadata.Key.of("dapr-api-token", Metadata.ASCII_STRING_MARSHALLER), "s3cret");
				ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
				try (DurableTaskClient client = new DurableTaskGrpcClientBuilder()
					.grpcChannel(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(token)))
					.build()) {
					assertThat(client.getInstanceMetadata("any", false).isInstanceFound()).isFalse();
				}
				finally {
					channel.shutdownNow();
				}
			});
	}

	private static int port(ApplicationContext context, String property) {
		String port = context.getEnvironment().getProperty(property);
		assertThat(port).as(property).isNotNull();
		return Integer.parseInt(port);
	}

}
