/**
 * The {@code jdbc} state store of the actors backend (PostgreSQL, H2, SQLite): actor state,
 * reminders and partition leases in tables created by Flyway from {@code db/workflow-actors/<vendor>}.
 * It reaches the database through {@link dev.workflow.backend.sql.JdbcDatabase}; the actors
 * runtime finds it through {@link dev.workflow.backend.actors.ActorStateStoreProvider}.
 */
package dev.workflow.backend.actors.jdbc;
