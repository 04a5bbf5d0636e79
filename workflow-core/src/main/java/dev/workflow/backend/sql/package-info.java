/**
 * The SQL backends ({@code sqlite}, {@code jdbc}): one implementation over PostgreSQL, H2 and
 * SQLite, schema by Flyway with the library's own history table.
 */
package dev.workflow.backend.sql;
