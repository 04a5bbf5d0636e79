-- The actors backend's state store: one version (etag) per actor, its keys, and durable reminders.
CREATE TABLE ${prefix}actors (
    actor_type VARCHAR(32)  NOT NULL,
    actor_id   VARCHAR(200) NOT NULL,
    etag       BIGINT       NOT NULL,
    PRIMARY KEY (actor_type, actor_id)
);

CREATE TABLE ${prefix}actor_state (
    actor_type VARCHAR(32)  NOT NULL,
    actor_id   VARCHAR(200) NOT NULL,
    state_key  VARCHAR(64)  NOT NULL,
    state_value VARCHAR         NOT NULL,
    PRIMARY KEY (actor_type, actor_id, state_key)
);
CREATE INDEX ${prefix}actor_state_key ON ${prefix}actor_state (actor_type, state_key);

CREATE TABLE ${prefix}reminders (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    actor_type VARCHAR(32)  NOT NULL,
    actor_id   VARCHAR(200) NOT NULL,
    due_at     BIGINT       NOT NULL,
    payload    VARCHAR         NOT NULL
);
