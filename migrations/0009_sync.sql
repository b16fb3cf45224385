-- Sync between machines (`roadmap sync`). An event or a settings change made on this
-- machine has no origin; one read from another machine's file has that machine's id, so
-- that only this machine's own are written to its file.
ALTER TABLE events ADD COLUMN origin TEXT;
ALTER TABLE settings_log ADD COLUMN origin TEXT;

-- This machine's sync set-up: its random id, its name, the remote or folder, the last sync.
-- Never synced itself.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- How far each file of the shared layout has been read (another machine's) or written
-- (this machine's): bytes, lines, and for this machine's files the last `seq` written.
-- Updated in the same transaction as what was imported from the file.
CREATE TABLE sync_files (
    path   TEXT PRIMARY KEY,
    offset INTEGER NOT NULL,
    line   INTEGER NOT NULL,
    seq    INTEGER NOT NULL
) STRICT;
