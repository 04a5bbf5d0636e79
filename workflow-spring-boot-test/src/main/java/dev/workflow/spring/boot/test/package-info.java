/**
 * Test support for durable workflows in Spring Boot: the {@link dev.workflow.spring.boot.test.WorkflowTest @WorkflowTest}
 * slice, the {@link dev.workflow.spring.boot.test.WorkflowTestClock} with time skipping, and
 * {@link dev.workflow.spring.boot.test.WorkflowAssertions}.
 */
package dev.workflow.spring.boot.test;
