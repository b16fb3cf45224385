-- Per-day totals of activity, so that streaks, the heatmap and weekly time never scan the
-- whole event log; and a small key-value table for the learner's settings.

-- One row per local day (YYYY-MM-DD, in the time zone of the machine that wrote the event)
-- with any activity: every kind but uncheck and skip. Kept in step with `events` by the store
-- in the same transaction; it can always be rebuilt from the events.
CREATE TABLE days (
    day     TEXT PRIMARY KEY,
    events  INTEGER NOT NULL,
    minutes INTEGER NOT NULL
) STRICT;

INSERT INTO days (day, events, minutes)
SELECT date(at, 'unixepoch', 'localtime'), count(*), coalesce(sum(minutes), 0)
FROM events
WHERE kind NOT IN ('uncheck', 'skip')
GROUP BY 1;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
