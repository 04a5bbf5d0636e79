/**
 * The workflow dashboard: a read-mostly web UI over the {@link dev.workflow.WorkflowClient}, served
 * by the starter under {@code dapr.workflow.ui.path} when {@code dapr.workflow.ui.enabled=true}.
 */
package dev.workflow.spring.boot.autoconfigure.ui;
