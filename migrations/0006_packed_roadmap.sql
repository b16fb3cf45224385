-- The cached roadmap is kept in a compact binary encoding (postcard) instead of JSON: it
-- decodes several times faster, which is most of a command's time on a 10,000-topic roadmap.
-- The JSON copies are dropped; every roadmap re-syncs once (see SYNC_FORMAT).

ALTER TABLE roadmaps ADD COLUMN packed BLOB;
UPDATE roadmaps SET body = NULL;
