/**
 * Durable workflows: the programming model ({@link dev.workflow.Workflow}, {@link dev.workflow.Activity},
 * {@link dev.workflow.WorkflowContext}) and the client ({@link dev.workflow.WorkflowClient}).
 */
package dev.workflow;
