package dev.workflow.grpc;

import io.grpc.BindableService;

/**
 * A protocol flavour's gRPC service, served by a {@link GrpcEndpoint}: the generated
 * {@code TaskHubSidecarService} base class of the flavour, implemented over a {@link WorkerHub} and
 * {@link InstanceOperations}.
 */
public interface ProtocolService extends BindableService {

	/**
	 * Ends every open GetWorkItems stream normally (the endpoint is stopping): workers see the stream
	 * end and reconnect, to this endpoint when it is back or to another one.
	 */
	void closeStreams();

}
