-- Self-enrolment (POST /api/public/enrol) is double opt-in: a self-enrolled traveller is stored with
-- email_verified_at NULL and is not targeted (presence, alerts) until they open the e-mailed sign-in
-- link (GET /api/me/session). Existing travellers and operator-created ones count as verified: the
-- default fills existing rows with the migration time and new rows with their insertion time.
ALTER TABLE travellers ADD COLUMN IF NOT EXISTS email_verified_at timestamptz DEFAULT now();
UPDATE travellers SET email_verified_at = now() WHERE email_verified_at IS NULL;
