package dev.workflow.grpc.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.Map;

import com.google.protobuf.Empty;
import io.dapr.workflows.client.DaprWorkflowClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import dev.workflow.grpc.ApiTokenInterceptor;
import dev.workflow.grpc.EndpointFixture;
import dev.workflow.grpc.EndpointSettings;
import dev.workflow.grpc.dapr.protobuf.TaskHubSidecarServiceGrpc;

/**
 * The api token check (Dapr's 'dapr-api-token' header, UNAUTHENTICATED otherwise), with raw calls
 * and with the real Dapr SDK client, and the loopback default.
 */
class EndpointSecurityTest {

	private static EndpointFixture start(EndpointSettings settings) {
		return EndpointFixture.start("actors", Map.of(), b -> {
		}, settings, parts -> new DaprSidecarService(parts.operations(), parts.hub()));
	}

	@Test
	void callsWithoutTheApiTokenAreRejectedAndCallsWithItAccepted() throws Exception {
		try (EndpointFixture fixture = start(EndpointSettings.onPort(0).withApiToken("s3cret-token"))) {
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", fixture.port()).usePlaintext().build();
			try {
				var stub = TaskHubSidecarServiceGrpc.newBlockingStub(channel);
				assertThatThrownBy(() -> stub.hello(Empty.getDefaultInstance()))
					.isInstanceOfSatisfying(StatusRuntimeException.class, ex -> {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
						assertThat(ex.getStatus().getDescription()).contains("dapr-api-token");
					});
				assertThatThrownBy(() -> withToken(stub, "wrong").hello(Empty.getDefaultInstance()))
					.isInstanceOfSatisfying(StatusRuntimeException.class,
							ex -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
				assertThat(withToken(stub, "s3cret-token").hello(Empty.getDefaultInstance())).isNotNull();
			}
			finally {
				channel.shutdownNow();
			}
			// the real SDK client sends DAPR_API_TOKEN (dapr.api.token) in the same header
			try (DaprWorkflowClient client = new DaprWorkflowClient(
					DaprSdkEndpointTests.sdkProperties(fixture.port(), "s3cret-token"))) {
				assertThat(client.getInstanceState("no-such-instance", false).getInstanceId()).isEmpty();
			}
			try (DaprWorkflowClient client = new DaprWorkflowClient(DaprSdkEndpointTests.sdkProperties(fixture.port(), null))) {
				assertThatThrownBy(() -> client.getInstanceState("no-such-instance", false))
					.hasStackTraceContaining("UNAUTHENTICATED");
			}
		}
	}

	@Test
	void endpointBindsLoopbackByDefault() throws Exception {
		assertThat(EndpointSettings.onPort(0).address()).isEqualTo("127.0.0.1");
		try (EndpointFixture fixture = start(EndpointSettings.onPort(0))) {
			for (SocketAddress bound : fixture.endpoint().listenAddresses()) {
				assertThat(((InetSocketAddress) bound).getAddress().isLoopbackAddress()).as("bound %s", bound).isTrue();
			}
			// and a connection to one of this host's other addresses is refused
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					if (!address.isLoopbackAddress() && address.getAddress().length == 4 && nic.isUp()) {
						assertThatThrownBy(() -> {
							try (Socket s = new Socket()) {
								s.connect(new InetSocketAddress(address, fixture.port()), 2000);
							}
						}).as("connect to %s", address).isInstanceOf(java.io.IOException.class);
					}
				}
			}
		}
	}

	private static TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub withToken(
			TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub stub, String token) {
		Metadata headers = new Metadata();
		headers.put(ApiTokenInterceptor.HEADER, token);
		return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

}
