/**
 * Workflow history events: sealed records, stored as JSON, replayed to rebuild workflow state.
 */
package dev.workflow.history;
