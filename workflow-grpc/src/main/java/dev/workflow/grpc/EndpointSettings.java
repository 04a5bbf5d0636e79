package dev.workflow.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * How a gRPC endpoint listens and what it accepts.
 *
 * @param address the address to bind; {@code 127.0.0.1} unless the endpoint must be reachable from
 * other hosts (then set an api token or TLS)
 * @param port the port; 0 picks a free port (read it from the started endpoint)
 * @param apiToken the token every call must carry in the {@code dapr-api-token} metadata header, or
 * null to accept calls without one
 * @param tls the server's key material, or null for plaintext
 * @param maxInboundMessageBytes the largest gRPC message accepted (a turn's history arrives in one)
 * @param maxItemsPerWorker how many work items of each kind one worker stream holds at most when
 * the worker does not say (0 in its request)
 */
public record EndpointSettings(String address, int port, String apiToken, TlsSettings tls,
		int maxInboundMessageBytes, int maxItemsPerWorker) {

	/** The address an endpoint binds when none is configured: loopback only. */
	public static final String DEFAULT_ADDRESS = "127.0.0.1";

	/** The default inbound message limit: 16 MiB, room for a turn of long history. */
	public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

	/** The default number of items of each kind per worker stream. */
	public static final int DEFAULT_MAX_ITEMS_PER_WORKER = 64;

	/** How long the endpoint's claim loops wait for work per claim. */
	static final Duration CLAIM_WAIT = Duration.ofMillis(500);

	/**
	 * Checks the values.
	 * @param address the address to bind
	 * @param port the port
	 * @param apiToken the api token, or null
	 * @param tls the TLS material, or null
	 * @param maxInboundMessageBytes the largest message accepted
	 * @param maxItemsPerWorker items of each kind per worker stream
	 */
	public EndpointSettings {
		Objects.requireNonNull(address, "address");
		if (address.isBlank()) {
			throw new IllegalArgumentException("The gRPC endpoint's address must not be blank; use "
					+ DEFAULT_ADDRESS + " (loopback, the default) or 0.0.0.0 (all interfaces)");
		}
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException(
					"Invalid gRPC endpoint port " + port + ": use 1 to 65535, or 0 for a free port");
		}
		if (apiToken != null && apiToken.isBlank()) {
			apiToken = null;
		}
		if (maxInboundMessageBytes < 1024) {
			throw new IllegalArgumentException(
					"maxInboundMessageBytes must be at least 1024 bytes, was " + maxInboundMessageBytes);
		}
		if (maxItemsPerWorker < 1) {
			throw new IllegalArgumentException("maxItemsPerWorker must be at least 1, was " + maxItemsPerWorker);
		}
	}

	/**
	 * Settings for a port with the defaults: loopback, no token, plaintext.
	 * @param port the port, 0 for a free one
	 * @return the settings
	 */
	public static EndpointSettings onPort(int port) {
		return new EndpointSettings(DEFAULT_ADDRESS, port, null, null, DEFAULT_MAX_INBOUND_MESSAGE_BYTES,
				DEFAULT_MAX_ITEMS_PER_WORKER);
	}

	/**
	 * The same settings with another address.
	 * @param address the address to bind
	 * @return the settings
	 */
	public EndpointSettings withAddress(String address) {
		return new EndpointSettings(address, this.port, this.apiToken, this.tls, this.maxInboundMessageBytes,
				this.maxItemsPerWorker);
	}

	/**
	 * The same settings with an api token.
	 * @param apiToken the token, or null for none
	 * @return the settings
	 */
	public EndpointSettings withApiToken(String apiToken) {
		return new EndpointSettings(this.address, this.port, apiToken, this.tls, this.maxInboundMessageBytes,
				this.maxItemsPerWorker);
	}

	/**
	 * The same settings with TLS.
	 * @param tls the key material, or null for plaintext
	 * @return the settings
	 */
	public EndpointSettings withTls(TlsSettings tls) {
		return new EndpointSettings(this.address, this.port, this.apiToken, tls, this.maxInboundMessageBytes,
				this.maxItemsPerWorker);
	}

	/**
	 * The same settings on another port.
	 * @param port the port, 0 for a free one
	 * @return the settings
	 */
	public EndpointSettings withPort(int port) {
		return new EndpointSettings(this.address, port, this.apiToken, this.tls, this.maxInboundMessageBytes,
				this.maxItemsPerWorker);
	}

	@Override
	public String toString() {
		// never the token itself
		return "EndpointSettings[address=" + this.address + ", port=" + this.port + ", apiToken="
				+ (this.apiToken == null ? "none" : "set") + ", tls=" + (this.tls != null) + "]";
	}

}
