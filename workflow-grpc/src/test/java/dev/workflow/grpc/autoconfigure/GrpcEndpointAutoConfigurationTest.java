package dev.workflow.grpc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.workflow.grpc.GrpcEndpoint;
import dev.workflow.grpc.dapr.protobuf.TaskHubSidecarServiceGrpc;
import dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration;

class GrpcEndpointAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(WorkflowAutoConfiguration.class, GrpcEndpointAutoConfiguration.class));

	@Test
	void endpointStartsOnARandomPortWhenThePortIsZeroAndPublishesIt() {
		this.runner.withPropertyValues("dapr.workflow.grpc.port=0").run(context -> {
			assertThat(context).hasNotFailed();
			GrpcEndpoint endpoint = context.getBean(GrpcEndpoint.class);
			assertThat(endpoint.isRunning()).isTrue();
			int port = context.getEnvironment()
				.getRequiredProperty(GrpcEndpointAutoConfiguration.LOCAL_PORT_PROPERTY, Integer.class);
			assertThat(port).isEqualTo(endpoint.port()).isPositive();
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
			try {
				assertThat(TaskHubSidecarServiceGrpc.newBlockingStub(channel).hello(Empty.getDefaultInstance()))
					.isNotNull();
			}
			finally {
				channel.shutdownNow();
			}
		});
	}

	@Test
	void noEndpointWithoutAPort() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(GrpcEndpoint.class);
		});
	}

	@Test
	void endpointStopsWithTheContext() {
		GrpcEndpoint[] seen = new GrpcEndpoint[1];
		this.runner.withPropertyValues("dapr.workflow.grpc.port=0")
			.run(context -> seen[0] = context.getBean(GrpcEndpoint.class));
		assertThat(seen[0].isRunning()).isFalse();
	}

	@Test
	void unknownSslBundleFailsTheStartNamingIt() {
		this.runner.withPropertyValues("dapr.workflow.grpc.port=0", "dapr.workflow.grpc.ssl.bundle=missing")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("missing"));
	}

}
