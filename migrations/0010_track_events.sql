-- A new kind of event: `track`, the choice of one of a roadmap's tracks (its `topic` is the
-- track's id). SQLite cannot change a CHECK constraint in place, so the events table is
-- copied into one that allows the new kind, with the same rows, sequence numbers and
-- indexes. This runs once, in the migration's transaction: a crash leaves the old table.

CREATE TABLE events_new (
    seq     INTEGER PRIMARY KEY,
    id      TEXT NOT NULL UNIQUE,
    topic   TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('start','check','uncheck','skip','log','note','review','track')),
    at      INTEGER NOT NULL,
    minutes INTEGER CHECK (minutes IS NULL OR minutes > 0),
    note    TEXT,
    rating  TEXT CHECK (rating IS NULL OR rating IN ('again','hard','good','easy')),
    origin  TEXT
) STRICT;

INSERT INTO events_new (seq, id, topic, kind, at, minutes, note, rating, origin)
SELECT seq, id, topic, kind, at, minutes, note, rating, origin FROM events ORDER BY seq;

DROP TABLE events;
ALTER TABLE events_new RENAME TO events;

CREATE INDEX events_by_topic ON events (topic, at, kind);
CREATE INDEX events_by_time ON events (at);
