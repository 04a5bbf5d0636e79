-- Placement across replicas: actors are spread over a fixed number of partitions; a replica
-- leases partitions (owner, epoch, expiry) and runs only the actors of partitions it holds.
-- Members heartbeat so that each replica can compute its fair share.
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

-- -1: written before partitions existed; assigned by the first replica that starts.
ALTER TABLE ${prefix}actors ADD COLUMN partition_id INTEGER DEFAULT -1 NOT NULL;
ALTER TABLE ${prefix}reminders ADD COLUMN partition_id INTEGER DEFAULT -1 NOT NULL;
CREATE INDEX ${prefix}actors_partition ON ${prefix}actors (partition_id);
CREATE INDEX ${prefix}reminders_partition ON ${prefix}reminders (partition_id, due_at);
