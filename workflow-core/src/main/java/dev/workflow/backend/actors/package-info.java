/**
 * The {@code actors} backend: in-process virtual actors over an
 * {@link dev.workflow.backend.actors.ActorStateStore}. {@code ActorsWorkflowBackend} is the SPI
 * facade; {@code ActorRuntime} runs the actor hosts, placement, the reminder scheduler and the work
 * leases; {@code ClientRouting} sends client writes to the owner of an instance; actors see the
 * runtime only through {@code ActorEnvironment}. The {@code memory} store lives here; other stores
 * (such as {@code jdbc} in {@code dev.workflow.backend.actors.jdbc}) are found through
 * {@link dev.workflow.backend.actors.ActorStateStoreProvider}.
 */
package dev.workflow.backend.actors;
