/**
 * Spring Boot auto-configuration of durable workflows.
 */
package dev.workflow.spring.boot.autoconfigure;
