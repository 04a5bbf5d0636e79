/**
 * The durabletask gRPC endpoint.
 */
package dev.workflow.grpc;
