/**
 * The replay engine and the workers. Internal: types here may change without notice, whatever
 * their visibility.
 *
 * <p>Some classes are public only because the entry points in {@code dev.workflow} build the
 * engine from them ({@link dev.workflow.WorkflowRuntime} uses {@link dev.workflow.engine.WorkflowEngine},
 * {@link dev.workflow.engine.WorkflowRegistry}, {@link dev.workflow.engine.Listeners} and
 * {@link dev.workflow.engine.Payloads}; {@link dev.workflow.WorkflowReplayer} uses
 * {@link dev.workflow.engine.WorkflowExecutor} and the registry). Everything else is
 * package-private. Applications use
 * {@link dev.workflow.WorkflowRuntime} and {@link dev.workflow.WorkflowClient} instead. The
 * dependency rules (the public API reaches the engine only through those two entry points; the
 * engine depends on the public API and the backend SPI, never on a backend) are checked by
 * {@code ArchitectureTest}.
 */
package dev.workflow.engine;
