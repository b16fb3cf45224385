-- The index on a topic's events also holds each event's id and kind. Working out a topic's
-- state at some past instant (a summary of an old week) reads its events backwards from
-- there; with id and kind in the index that needs no visit to the table for each event, and
-- a topic's events come out of the index already in the order they apply (time, then id).
-- The sequence number the old index ended with is the row id, which every index holds anyway.

DROP INDEX events_by_topic;
CREATE INDEX events_by_topic ON events (topic, at, id, kind);
