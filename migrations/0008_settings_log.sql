-- Every change of a setting (`plan --by`, `--hours-per-week`) is kept, as events are: the
-- `settings` table stays the current value of each, updated in the same transaction as
-- this log. Internal keys (the zone the day totals were counted in) are not logged.
CREATE TABLE settings_log (
    seq   INTEGER PRIMARY KEY,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    at    INTEGER NOT NULL
) STRICT;

-- What was set before this log existed, as of the upgrade.
INSERT INTO settings_log (key, value, at)
SELECT key, value, unixepoch() FROM settings WHERE key <> 'days_zone';
