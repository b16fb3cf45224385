-- The first schema: roadmaps and their topics as last synced, the append-only event log,
-- and a cache of each topic's state derived from its events.

CREATE TABLE roadmaps (
    id        TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    version   INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    synced_at INTEGER NOT NULL
) STRICT;

-- One row per topic a roadmap has ever had. A topic that leaves the roadmap keeps its row,
-- with retired_at set, so its progress can still be shown.
CREATE TABLE topics (
    roadmap    TEXT NOT NULL REFERENCES roadmaps(id),
    id         TEXT NOT NULL,
    section    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    retired_at INTEGER,
    PRIMARY KEY (roadmap, id)
) STRICT;

-- Events are only ever inserted. `at` is Unix seconds (UTC); `seq` keeps insertion order
-- for events with the same `at`.
CREATE TABLE events (
    seq     INTEGER PRIMARY KEY,
    id      TEXT NOT NULL UNIQUE,
    topic   TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('start','check','uncheck','skip','log','note','review')),
    at      INTEGER NOT NULL,
    minutes INTEGER CHECK (minutes IS NULL OR minutes > 0),
    note    TEXT,
    rating  TEXT CHECK (rating IS NULL OR rating IN ('again','hard','good','easy'))
) STRICT;

CREATE INDEX events_by_topic ON events (topic, at, seq);
CREATE INDEX events_by_time ON events (at);

-- Derived from events, rewritten for a topic in the same transaction as its new events.
CREATE TABLE topic_state (
    topic   TEXT PRIMARY KEY,
    state   TEXT NOT NULL CHECK (state IN ('todo','doing','done','skipped')),
    started INTEGER NOT NULL,
    last_at INTEGER NOT NULL
) STRICT;
