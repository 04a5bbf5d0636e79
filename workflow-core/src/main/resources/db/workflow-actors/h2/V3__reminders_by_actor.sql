-- An actor takes in the messages waiting for it in order (events clients raised through
-- another replica): look its reminders up by owner.
CREATE INDEX IF NOT EXISTS ${prefix}reminders_actor ON ${prefix}reminders (actor_type, actor_id, due_at);
