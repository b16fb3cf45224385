-- The minutes logged on each topic, kept in its cached state beside the rest (see
-- Store::minutes_by_topic): `estimates`, `plan` and the schedule compare them with every
-- finished topic's estimate, and summing a million events' minutes on each run took longer
-- than the whole command may. Filled here from the events; kept by the same upsert as the
-- state, in the same transaction as the events.

ALTER TABLE topic_state ADD COLUMN minutes INTEGER NOT NULL DEFAULT 0;

UPDATE topic_state SET minutes = coalesce(
    (SELECT sum(e.minutes) FROM events e WHERE e.topic = topic_state.topic AND e.kind = 'log'), 0);
