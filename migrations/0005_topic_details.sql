-- Topic summaries and resources, apart from the cached roadmap body: most commands never
-- show them, and leaving them out makes the body several times smaller to read. The body
-- format changes with this, so every roadmap re-syncs once (see SYNC_FORMAT).

CREATE TABLE topic_details (
    roadmap   TEXT NOT NULL,
    id        TEXT NOT NULL,
    summary   TEXT NOT NULL,
    resources TEXT NOT NULL,
    PRIMARY KEY (roadmap, id)
) STRICT;

UPDATE roadmaps SET body = NULL;

-- Retired topics are few; every report asks for them.
CREATE INDEX topics_retired ON topics (roadmap) WHERE retired_at IS NOT NULL;
