/**
 * The replay engine and the workers. Internal: types here may change without notice.
 */
package dev.workflow.engine;
