package dev.workflow.grpc;

import java.util.List;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * The key material of a TLS endpoint, as JSSE managers (what a Spring Boot SSL bundle provides).
 *
 * @param keyManagers the server's key managers (its certificate and key)
 * @param trustManagers trust managers to verify client certificates with; may be empty without
 * client authentication
 * @param requireClientAuth whether clients must present a certificate the trust managers accept
 * (mutual TLS)
 */
public record TlsSettings(List<KeyManager> keyManagers, List<TrustManager> trustManagers, boolean requireClientAuth) {

	/**
	 * Copies the lists and checks that there is a key.
	 * @param keyManagers the key managers
	 * @param trustManagers the trust managers, may be empty
	 * @param requireClientAuth whether clients must present a certificate
	 */
	public TlsSettings {
		keyManagers = List.copyOf(Objects.requireNonNull(keyManagers, "keyManagers"));
		trustManagers = trustManagers == null ? List.of() : List.copyOf(trustManagers);
		if (keyManagers.isEmpty()) {
			throw new IllegalArgumentException("A TLS endpoint needs a key manager (the server certificate and key)");
		}
		if (requireClientAuth && trustManagers.isEmpty()) {
			throw new IllegalArgumentException(
					"Client authentication needs trust managers to verify client certificates with");
		}
	}

}
