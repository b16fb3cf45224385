-- Reviews: the cached state of a topic also holds the day its next review is due.
-- The cache is emptied here and rebuilt from the events by the program right after this
-- migration (see Store::open); no event is touched.

ALTER TABLE topic_state ADD COLUMN due TEXT;
DELETE FROM topic_state;
