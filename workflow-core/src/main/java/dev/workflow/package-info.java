/**
 * Durable workflows: the programming model ({@link dev.workflow.Workflow}, {@link dev.workflow.Activity},
 * {@link dev.workflow.WorkflowContext}) and the client ({@link dev.workflow.WorkflowClient}). Without
 * Spring, a {@link dev.workflow.WorkflowRuntime} runs them:
 *
 * <pre>{@code
 * try (WorkflowRuntime runtime = WorkflowRuntime.builder()
 *         .registerWorkflow("greet", (ctx, name) -> ctx.callActivity("hello", name, String.class).await(), String.class)
 *         .registerActivity("hello", (ctx, name) -> "Hello, " + name, String.class)
 *         .build()) {
 *     runtime.start();
 *     String id = runtime.client().scheduleNewWorkflow("greet", "world");
 *     runtime.client().waitForInstanceCompletion(id, Duration.ofSeconds(10), true);
 * }
 * }</pre>
 */
package dev.workflow;
