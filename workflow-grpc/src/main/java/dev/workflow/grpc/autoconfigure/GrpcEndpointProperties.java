package dev.workflow.grpc.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.workflow.grpc.EndpointSettings;

/**
 * Settings of the durabletask gRPC endpoint ({@code dapr.workflow.grpc.*}).
 */
@ConfigurationProperties("dapr.workflow.grpc")
public class GrpcEndpointProperties {

	/**
	 * Port of the Dapr-flavour endpoint (what Dapr SDKs call with DAPR_GRPC_PORT); 0 picks a free
	 * port. Unset: no endpoint.
	 */
	private Integer port;

	/**
	 * Port of the Microsoft-flavour endpoint (what com.microsoft:durabletask-client and the other
	 * durabletask SDKs call); 0 picks a free port. Unset: no endpoint. May be set with port.
	 */
	private Integer durabletaskPort;

	/**
	 * Address to bind. Loopback by default; bind other interfaces only with an api token or TLS.
	 */
	private String address = EndpointSettings.DEFAULT_ADDRESS;

	/**
	 * Token every call must carry in the 'dapr-api-token' metadata header (the SDKs send
	 * DAPR_API_TOKEN); calls without it are rejected UNAUTHENTICATED. Unset: no check.
	 */
	private String apiToken;

	/**
	 * Largest gRPC message accepted; a turn's whole history arrives in one.
	 */
	private DataSize maxInboundMessageSize = DataSize.ofBytes(EndpointSettings.DEFAULT_MAX_INBOUND_MESSAGE_BYTES);

	/**
	 * Maximum number of work items of each kind (turns, activity calls) out on one worker stream
	 * at once, when the worker does not say.
	 */
	private int maxItemsPerWorker = EndpointSettings.DEFAULT_MAX_ITEMS_PER_WORKER;

	/** TLS settings. */
	private final Ssl ssl = new Ssl();

	public Integer getPort() {
		return this.port;
	}

	public void setPort(Integer port) {
		this.port = port;
	}

	public Integer getDurabletaskPort() {
		return this.durabletaskPort;
	}

	public void setDurabletaskPort(Integer durabletaskPort) {
		this.durabletaskPort = durabletaskPort;
	}

	public String getAddress() {
		return this.address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public String getApiToken() {
		return this.apiToken;
	}

	public void setApiToken(String apiToken) {
		this.apiToken = apiToken;
	}

	public DataSize getMaxInboundMessageSize() {
		return this.maxInboundMessageSize;
	}

	public void setMaxInboundMessageSize(DataSize maxInboundMessageSize) {
		this.maxInboundMessageSize = maxInboundMessageSize;
	}

	public int getMaxItemsPerWorker() {
		return this.maxItemsPerWorker;
	}

	public void setMaxItemsPerWorker(int maxItemsPerWorker) {
		this.maxItemsPerWorker = maxItemsPerWorker;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * TLS through a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}).
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle holding the server's certificate and key. Unset: plaintext.
		 */
		private String bundle;

		/**
		 * Whether clients must present a certificate the bundle's trust store accepts (mutual TLS).
		 */
		private boolean clientAuth;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

		public boolean isClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(boolean clientAuth) {
			this.clientAuth = clientAuth;
		}

	}

}
