package dev.workflow.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server for one or more protocol flavours over one {@link WorkerHub}: binds the configured
 * address and port (loopback by default), checks the api token when one is set, speaks TLS when key
 * material is given, and stops gracefully (streams end, items out on them go back to the backend).
 * Start and stop may alternate.
 */
public final class GrpcEndpoint implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GrpcEndpoint.class);

	private static final Duration GRACE = Duration.ofSeconds(5);

	private final EndpointSettings settings;

	private final WorkerHub hub;

	private final List<ProtocolService> services;

	private final String description;

	private Server server;

	/**
	 * Creates an endpoint, not started.
	 * @param settings where to listen and what to accept
	 * @param hub the hub the services hand work through; started and stopped with the endpoint
	 * @param services the flavours' services
	 * @param description what the endpoint serves, for the log (e.g. "Dapr workflow protocol")
	 */
	public GrpcEndpoint(EndpointSettings settings, WorkerHub hub, List<ProtocolService> services, String description) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.hub = Objects.requireNonNull(hub, "hub");
		this.services = List.copyOf(services);
		this.description = description;
	}

	/**
	 * Binds the port and starts serving; idempotent.
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		NettyServerBuilder builder = NettyServerBuilder
			.forAddress(new InetSocketAddress(this.settings.address(), this.settings.port()), credentials())
			.maxInboundMessageSize(this.settings.maxInboundMessageBytes())
			// workers hold streams open while idle: keep them alive through NATs and proxies
			.permitKeepAliveTime(10, TimeUnit.SECONDS)
			.permitKeepAliveWithoutCalls(true);
		for (ProtocolService service : this.services) {
			builder.addService(this.settings.apiToken() == null ? service.bindService()
					: ServerInterceptors.intercept(service, new ApiTokenInterceptor(this.settings.apiToken())));
		}
		this.hub.start();
		Server started = builder.build();
		try {
			started.start();
		}
		catch (IOException ex) {
			this.hub.stop();
			throw new UncheckedIOException("Cannot start the workflow gRPC endpoint on " + this.settings.address() + ":"
					+ this.settings.port() + " (" + ex.getMessage() + "); pick a free port, or 0 for a random one", ex);
		}
		this.server = started;
		log.info("Workflow gRPC endpoint ({}) listening on {}:{}{}{}", this.description, this.settings.address(),
				started.getPort(), this.settings.tls() != null ? " with TLS" : "",
				this.settings.apiToken() != null ? ", api token required" : "");
	}

	/**
	 * The port the endpoint listens on (the chosen one for port 0).
	 * @return the port
	 * @throws IllegalStateException if the endpoint is not started
	 */
	public synchronized int port() {
		if (this.server == null) {
			throw new IllegalStateException("The workflow gRPC endpoint is not started");
		}
		return this.server.getPort();
	}

	/**
	 * The addresses the endpoint listens on.
	 * @return the bound socket addresses
	 * @throws IllegalStateException if the endpoint is not started
	 */
	public synchronized List<? extends SocketAddress> listenAddresses() {
		if (this.server == null) {
			throw new IllegalStateException("The workflow gRPC endpoint is not started");
		}
		return this.server.getListenSockets();
	}

	/**
	 * Whether the endpoint serves.
	 * @return true between start and stop
	 */
	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/**
	 * Stops gracefully: no new calls, open worker streams end, items out on them go back to the
	 * backend, calls in flight get a few seconds to finish. Idempotent.
	 */
	public synchronized void stop() {
		Server running = this.server;
		if (running == null) {
			return;
		}
		this.server = null;
		running.shutdown();
		this.services.forEach(ProtocolService::closeStreams);
		this.hub.stop();
		try {
			if (!running.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				running.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			running.shutdownNow();
			Thread.currentThread().interrupt();
		}
		log.info("Workflow gRPC endpoint ({}) stopped", this.description);
	}

	@Override
	public void close() {
		stop();
	}

	private ServerCredentials credentials() {
		TlsSettings tls = this.settings.tls();
		if (tls == null) {
			return InsecureServerCredentials.create();
		}
		TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder()
			.keyManager(tls.keyManagers().toArray(new KeyManager[0]));
		if (!tls.trustManagers().isEmpty()) {
			b.trustManager(tls.trustManagers().toArray(new TrustManager[0]));
		}
		if (tls.requireClientAuth()) {
			b.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
		}
		return b.build();
	}

}
