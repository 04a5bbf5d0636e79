package dev.workflow.grpc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.TrustManagerFactory;

import com.google.protobuf.Empty;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.workflow.grpc.GrpcEndpoint;
import dev.workflow.grpc.dapr.protobuf.TaskHubSidecarServiceGrpc;
import dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration;

/**
 * TLS through a Spring Boot SSL bundle: a self-signed certificate made with the JDK's keytool, served
 * by the endpoint; a client that trusts it gets answers, a plaintext client does not.
 */
class GrpcEndpointTlsTest {

	@Test
	void endpointServesTlsFromAnSslBundle() throws Exception {
		Path dir = Path.of("target", "tls-" + UUID.randomUUID()).toAbsolutePath();
		Files.createDirectories(dir);
		Path keystore = dir.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
				"-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
			.redirectErrorStream(true)
			.start();
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WorkflowAutoConfiguration.class,
					GrpcEndpointAutoConfiguration.class))
			.withPropertyValues("dapr.workflow.grpc.port=0", "dapr.workflow.grpc.ssl.bundle=grpc",
					"spring.ssl.bundle.jks.grpc.keystore.location=file:" + keystore,
					"spring.ssl.bundle.jks.grpc.keystore.password=changeit",
					"spring.ssl.bundle.jks.grpc.keystore.type=PKCS12")
			.run(context -> {
				assertThat(context).hasNotFailed();
				int port = context.getBean(GrpcEndpoint.class).port();

				KeyStore trusted = KeyStore.getInstance("PKCS12");
				try (FileInputStream in = new FileInputStream(keystore.toFile())) {
					trusted.load(in, "changeit".toCharArray());
				}
				TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				tmf.init(trusted);
				ManagedChannel tls = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
						TlsChannelCredentials.newBuilder().trustManager(tmf.getTrustManagers()).build())
					.build();
				ManagedChannel plain = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
				try {
					assertThat(TaskHubSidecarServiceGrpc.newBlockingStub(tls).hello(Empty.getDefaultInstance()))
						.isNotNull();
					assertThatThrownBy(() -> TaskHubSidecarServiceGrpc.newBlockingStub(plain)
						.withDeadlineAfter(5, TimeUnit.SECONDS)
						.hello(Empty.getDefaultInstance())).isInstanceOf(StatusRuntimeException.class);
				}
				finally {
					tls.shutdownNow();
					plain.shutdownNow();
				}
			});
	}

}
