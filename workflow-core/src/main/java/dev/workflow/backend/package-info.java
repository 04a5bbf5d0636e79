/**
 * The backend SPI: where workflow state lives and how work items are leased to workers. Backends
 * are found by type name through {@link dev.workflow.backend.WorkflowBackendProvider}.
 */
package dev.workflow.backend;
