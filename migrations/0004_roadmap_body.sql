-- The validated roadmap itself, as JSON, so that a run whose roadmap file is unchanged
-- (same content hash) loads it from here instead of parsing and validating the TOML again.

ALTER TABLE roadmaps ADD COLUMN body TEXT;
