-- Workflow instances: one row each, with the lease of the worker running its turn.
CREATE TABLE ${prefix}instances (
    instance_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    name               VARCHAR(256) NOT NULL,
    execution_id       VARCHAR(64)  NOT NULL,
    status             VARCHAR(20)  NOT NULL,
    created_at         BIGINT       NOT NULL,
    updated_at         BIGINT       NOT NULL,
    input              TEXT,
    output             TEXT,
    custom_status      TEXT,
    failure            TEXT,
    parent_instance_id VARCHAR(64),
    history_length     INTEGER      NOT NULL DEFAULT 0,
    lock_token         VARCHAR(64),
    lock_owner         VARCHAR(128),
    lock_expires       BIGINT,
    attempt            INTEGER      NOT NULL DEFAULT 0,
    -- the app that runs the instance (multi-app workflows), NULL for any app
    app_id             VARCHAR(64)
);
CREATE INDEX ${prefix}instances_created ON ${prefix}instances (created_at, instance_id);
-- no index on (app_id, name): a claim is driven by the visibility indexes, and an index on a
-- column that is NULL in almost every row lured SQLite into scanning all instances

-- Recorded history of each instance's current run.
CREATE TABLE ${prefix}history (
    instance_id VARCHAR(64) NOT NULL,
    seq         INTEGER     NOT NULL,
    event       TEXT        NOT NULL,
    PRIMARY KEY (instance_id, seq)
);

-- New events per instance, visible from visible_at (timers are events visible in the future).
CREATE TABLE ${prefix}inbox (
    id           INTEGER     PRIMARY KEY AUTOINCREMENT,
    instance_id  VARCHAR(64) NOT NULL,
    execution_id VARCHAR(64),
    event        TEXT        NOT NULL,
    visible_at   BIGINT      NOT NULL
);
CREATE INDEX ${prefix}inbox_instance ON ${prefix}inbox (instance_id, id);
CREATE INDEX ${prefix}inbox_visible ON ${prefix}inbox (visible_at);

-- Activity calls waiting to run or running, each with its lease.
CREATE TABLE ${prefix}activities (
    id           INTEGER      PRIMARY KEY AUTOINCREMENT,
    instance_id  VARCHAR(64)  NOT NULL,
    execution_id VARCHAR(64)  NOT NULL,
    task_id      INTEGER      NOT NULL,
    name         VARCHAR(256) NOT NULL,
    input        TEXT,
    visible_at   BIGINT       NOT NULL,
    lock_token   VARCHAR(64),
    lock_expires BIGINT,
    attempt      INTEGER      NOT NULL DEFAULT 0,
    -- the app that runs the call (multi-app workflows), NULL for any app
    app_id       VARCHAR(64),
    UNIQUE (instance_id, execution_id, task_id)
);
CREATE INDEX ${prefix}activities_visible ON ${prefix}activities (visible_at);
-- no index on (app_id, name): a claim is driven by the visibility indexes, and an index on a
-- column that is NULL in almost every row lured SQLite into scanning all instances
