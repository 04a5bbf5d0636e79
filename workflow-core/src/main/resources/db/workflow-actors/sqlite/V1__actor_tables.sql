-- The actors backend's state store: one version (etag) per actor, its keys, and durable reminders.
-- Actors and reminders belong to one of a fixed number of partitions (by the hash of the instance
-- id); a replica leases partitions (owner, epoch, expiry) and runs only the actors of partitions it
-- holds. Members heartbeat so that each replica can compute its fair share.
CREATE TABLE ${prefix}actors (
    actor_type   VARCHAR(32)  NOT NULL,
    actor_id     VARCHAR(200) NOT NULL,
    etag         BIGINT       NOT NULL,
    partition_id INTEGER      NOT NULL,
    PRIMARY KEY (actor_type, actor_id)
);
CREATE INDEX ${prefix}actors_partition ON ${prefix}actors (partition_id);

CREATE TABLE ${prefix}actor_state (
    actor_type  VARCHAR(32)  NOT NULL,
    actor_id    VARCHAR(200) NOT NULL,
    state_key   VARCHAR(64)  NOT NULL,
    state_value TEXT         NOT NULL,
    PRIMARY KEY (actor_type, actor_id, state_key)
);
CREATE INDEX ${prefix}actor_state_key ON ${prefix}actor_state (actor_type, state_key);

CREATE TABLE ${prefix}reminders (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    actor_type   VARCHAR(32)  NOT NULL,
    actor_id     VARCHAR(200) NOT NULL,
    due_at       BIGINT       NOT NULL,
    payload      TEXT         NOT NULL,
    partition_id INTEGER      NOT NULL
);
CREATE INDEX ${prefix}reminders_partition ON ${prefix}reminders (partition_id, due_at);
-- An actor takes in the messages waiting for it in order (events clients raised through another
-- replica): its reminders are looked up by owner.
CREATE INDEX ${prefix}reminders_actor ON ${prefix}reminders (actor_type, actor_id, due_at);

CREATE TABLE ${prefix}actor_partitions (
    partition_id INTEGER     NOT NULL PRIMARY KEY,
    owner        VARCHAR(64),
    epoch        BIGINT      NOT NULL,
    expires_at   BIGINT      NOT NULL
);

CREATE TABLE ${prefix}actor_members (
    member_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at BIGINT      NOT NULL
);
