/**
 * The {@code actors} backend: in-process virtual actors over an
 * {@link dev.workflow.backend.actors.ActorStateStore}.
 */
package dev.workflow.backend.actors;
