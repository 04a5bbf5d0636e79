-- H2 commits each DDL statement on its own, so Flyway cannot roll back a migration that a crash
-- cut short; every statement here is idempotent (IF NOT EXISTS) so that the next start reruns the
-- version to its end. Never write a statement that fails or does harm when run twice.
-- The actors backend's state store: one version (etag) per actor, its keys, and durable reminders.
CREATE TABLE IF NOT EXISTS ${prefix}actors (
    actor_type VARCHAR(32)  NOT NULL,
    actor_id   VARCHAR(200) NOT NULL,
    etag       BIGINT       NOT NULL,
    PRIMARY KEY (actor_type, actor_id)
);

CREATE TABLE IF NOT EXISTS ${prefix}actor_state (
    actor_type VARCHAR(32)  NOT NULL,
    actor_id   VARCHAR(200) NOT NULL,
    state_key  VARCHAR(64)  NOT NULL,
    state_value VARCHAR         NOT NULL,
    PRIMARY KEY (actor_type, actor_id, state_key)
);
CREATE INDEX IF NOT EXISTS ${prefix}actor_state_key ON ${prefix}actor_state (actor_type, state_key);

CREATE TABLE IF NOT EXISTS ${prefix}reminders (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    actor_type VARCHAR(32)  NOT NULL,
    actor_id   VARCHAR(200) NOT NULL,
    due_at     BIGINT       NOT NULL,
    payload    VARCHAR         NOT NULL
);
