package dev.workflow.grpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Rejects calls that do not carry the api token in the {@code dapr-api-token} metadata header with
 * UNAUTHENTICATED, Dapr's own convention for its sidecar (the Dapr SDKs send the header when
 * {@code DAPR_API_TOKEN} is set).
 */
public final class ApiTokenInterceptor implements ServerInterceptor {

	/** The metadata header that carries the token. */
	public static final Metadata.Key<String> HEADER = Metadata.Key.of("dapr-api-token",
			Metadata.ASCII_STRING_MARSHALLER);

	private final byte[] token;

	/**
	 * Creates an interceptor for a token.
	 * @param token the token calls must carry
	 */
	public ApiTokenInterceptor(String token) {
		this.token = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String presented = headers.get(HEADER);
		// constant-time comparison, so the time taken does not reveal how much of a guess was right
		if (presented == null || !MessageDigest.isEqual(this.token, presented.getBytes(StandardCharsets.UTF_8))) {
			call.close(Status.UNAUTHENTICATED.withDescription(presented == null
					? "Missing api token: send it in the 'dapr-api-token' metadata header (DAPR_API_TOKEN)"
					: "Invalid api token in the 'dapr-api-token' metadata header"), new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		return next.startCall(call, headers);
	}

}
