-- Intake: blocking keys for actor merging, so a document's actors are compared with the few
-- stored actors that could match (same surname initial, acronym, word prefix…) instead of all of them.
ALTER TABLE intake_actors ADD COLUMN match_keys text[] NOT NULL DEFAULT '{}';
CREATE INDEX intake_actors_match_keys ON intake_actors USING gin (match_keys);
