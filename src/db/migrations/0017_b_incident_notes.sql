-- Intake (issue 14): what an operator should know about how an incident's sources were read — an undated
-- article read as of its ingest day, a CAP polygon repaired or dropped, a CAP signature not verified, a Cancel of
-- an alert Warden never saw. Unioned over the incident's documents (src/intake/incident-merge.ts).
ALTER TABLE incidents ADD COLUMN notes text[] NOT NULL DEFAULT '{}';
