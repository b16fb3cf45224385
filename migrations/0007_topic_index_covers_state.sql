-- The index on a topic's events also holds each event's kind. Working out a topic's state at
-- some past instant (a summary of an old week) reads its events backwards from there; with
-- the kind in the index that needs no visit to the table for each event. (Adding the event's
-- id too would give events in the exact order they apply, same-second ties included, but it
-- made the index 40% slower to build on a million-event import and took 75 MB more memory;
-- the reader puts ties in order itself.) The sequence number the old index ended with is the
-- row id, which every index holds anyway.

DROP INDEX events_by_topic;
CREATE INDEX events_by_topic ON events (topic, at, kind);
