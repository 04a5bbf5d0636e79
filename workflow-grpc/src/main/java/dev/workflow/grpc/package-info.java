/**
 * The durabletask gRPC endpoint: serves the {@code TaskHubSidecarService} protocol that Dapr and
 * durabletask SDKs (Java, Python, .NET, Go, JavaScript) speak to their sidecar, over any
 * {@link dev.workflow.backend.WorkflowBackend}. This package is flavour-neutral; each protocol
 * flavour (the Dapr one in {@code dev.workflow.grpc.dapr}) plugs in on top of it.
 *
 * <h2>What the core does</h2>
 * <ul>
 * <li>{@link dev.workflow.grpc.WorkerHub}: keeps the connected GetWorkItems streams, claims work
 * from the backend only while a connected worker has room (none connected: work waits, unclaimed),
 * leases it while it is out (renewing), abandons it when the stream closes so that it is redelivered,
 * and matches completions by token, or by instance id (and task id) for workers that send none.</li>
 * <li>The neutral model: a {@link dev.workflow.grpc.WorkflowTurn} (past events, then new events
 * with a {@link dev.workflow.history.WorkflowStarted} carrying the turn's time first, then the
 * inbox), an {@link dev.workflow.grpc.ActivityCall}, and the worker's
 * {@link dev.workflow.grpc.TurnAction}s, applied with event ids equal to action ids through the
 * engine's {@link dev.workflow.engine.TurnCommitBuilder}.</li>
 * <li>{@link dev.workflow.grpc.InstanceOperations}: the client RPCs, with the Java client's id and
 * payload rules; {@link dev.workflow.grpc.GrpcStatuses} maps exceptions to statuses.</li>
 * <li>{@link dev.workflow.grpc.GrpcEndpoint}: the server (address, port, api token, TLS, message
 * limit, graceful stop) for one or more flavours' services.</li>
 * <li>Mixed mode: the hub claims with {@link dev.workflow.WorkflowRuntime#shareWork()}, so names
 * registered in the app's own runtime run locally and all other names go to the streams.</li>
 * </ul>
 *
 * <h2>How a flavour plugs in</h2>
 * A flavour brings its {@code .proto} (in {@code src/main/proto/<flavour>}, generated into a Java
 * package of its own, with a protoc execution of its own in the pom, since flavours share message
 * names) and implements:
 * <ol>
 * <li>a {@link dev.workflow.grpc.ProtocolService}: the generated service base class, whose RPCs map
 * protobuf messages to the neutral model and call {@link dev.workflow.grpc.InstanceOperations} and
 * the {@link dev.workflow.grpc.WorkerHub}, answering failures with
 * {@link dev.workflow.grpc.GrpcStatuses#toStatus(Throwable)};</li>
 * <li>a {@link dev.workflow.grpc.WorkerConnection} per GetWorkItems stream: writes turns and
 * activity calls as its protocol's work items (with the completion token), serializing writes;
 * registers with {@link dev.workflow.grpc.WorkerHub#connect} and calls
 * {@link dev.workflow.grpc.WorkerHub#disconnect} when the stream is cancelled or closed;</li>
 * <li>the history mapping: engine events to protocol events for turns and history RPCs (event id =
 * the scheduling event's id, -1 otherwise), protocol actions to {@link dev.workflow.grpc.TurnAction}
 * for completions, and carried events back to engine events for continue-as-new.</li>
 * </ol>
 * Then a {@link dev.workflow.grpc.GrpcEndpoint} serves the service on its own port; several
 * endpoints (one per flavour) may share one hub.
 */
package dev.workflow.grpc;
