/**
 * The Microsoft flavour of the durabletask gRPC protocol (microsoft/durabletask-protobuf, what
 * {@code com.microsoft:durabletask-client} 1.5.0 speaks), plugged into the flavour-neutral core of
 * {@link dev.workflow.grpc}: {@link dev.workflow.grpc.durabletask.MicrosoftTaskHubService} serves
 * {@code TaskHubSidecarService} through a hand-written service definition (the messages live in a
 * proto package of their own, the method paths are upstream's package-less ones), and maps history,
 * actions, states and failures between the protocol and the engine's model. Enabled in Spring Boot
 * with {@code dapr.workflow.grpc.durabletask-port}.
 */
package dev.workflow.grpc.durabletask;
