/**
 * The Dapr flavour of the durabletask protocol (dapr/durabletask-protobuf): what
 * {@code io.dapr:dapr-sdk-workflows} and the other Dapr SDKs speak. Generated messages live in
 * {@code dev.workflow.grpc.dapr.protobuf}.
 */
package dev.workflow.grpc.dapr;
