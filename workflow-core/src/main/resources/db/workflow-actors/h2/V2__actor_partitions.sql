-- H2 commits each DDL statement on its own, so Flyway cannot roll back a migration that a crash
-- cut short; every statement here is idempotent (IF NOT EXISTS) so that the next start reruns the
-- version to its end. Never write a statement that fails or does harm when run twice.
-- Placement across replicas: actors are spread over a fixed number of partitions; a replica
-- leases partitions (owner, epoch, expiry) and runs only the actors of partitions it holds.
-- Members heartbeat so that each replica can compute its fair share.
CREATE TABLE IF NOT EXISTS ${prefix}actor_partitions (
    partition_id INTEGER     NOT NULL PRIMARY KEY,
    owner        VARCHAR(64),
    epoch        BIGINT      NOT NULL,
    expires_at   BIGINT      NOT NULL
);

CREATE TABLE IF NOT EXISTS ${prefix}actor_members (
    member_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at BIGINT      NOT NULL
);

-- -1: written before partitions existed; assigned by the first replica that starts.
ALTER TABLE ${prefix}actors ADD COLUMN IF NOT EXISTS partition_id INTEGER DEFAULT -1 NOT NULL;
ALTER TABLE ${prefix}reminders ADD COLUMN IF NOT EXISTS partition_id INTEGER DEFAULT -1 NOT NULL;
CREATE INDEX IF NOT EXISTS ${prefix}actors_partition ON ${prefix}actors (partition_id);
CREATE INDEX IF NOT EXISTS ${prefix}reminders_partition ON ${prefix}reminders (partition_id, due_at);
