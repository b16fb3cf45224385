-- The cached roadmap is kept in a compact binary form (see src/packed.rs) instead of JSON:
-- it decodes many times faster, which was most of a command's time on a 10,000-topic
-- roadmap. The JSON copies are dropped; every roadmap re-syncs once (see SYNC_FORMAT).

ALTER TABLE roadmaps ADD COLUMN packed BLOB;
UPDATE roadmaps SET body = NULL;
