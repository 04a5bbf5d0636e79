/**
 * Spring Boot auto-configuration of the durabletask gRPC endpoint ({@code dapr.workflow.grpc.*}).
 */
package dev.workflow.grpc.autoconfigure;
