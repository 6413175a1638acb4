-- Alerts (CAP 1.2 messages with one info block per language), the frozen recipient set, and the delivery outbox.

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('security_alert', 'demonstration_alert', 'health_alert', 'travel_advisory_change', 'message')),
  msg_type text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  status text NOT NULL CHECK (status IN ('Actual', 'Exercise', 'Test')),
  scope text NOT NULL CHECK (scope IN ('Public', 'Restricted', 'Private')),
  categories text[] NOT NULL,
  urgency text NOT NULL CHECK (urgency IN ('Immediate', 'Expected', 'Future', 'Past', 'Unknown')),
  severity text NOT NULL CHECK (severity IN ('Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown')),
  certainty text NOT NULL CHECK (certainty IN ('Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown')),
  sender text NOT NULL,
  effective timestamptz NOT NULL,
  expires timestamptz,
  -- The area as entered (countries, subdivisions, cities, sites, circles, polygons) and its readable description.
  area jsonb NOT NULL,
  area_description text NOT NULL,
  -- One CAP <info> block per language: [{language, event, headline, description, instruction}], first = default.
  infos jsonb NOT NULL,
  assistance jsonb NOT NULL DEFAULT '{"contacts": []}',
  asks_checkin boolean NOT NULL DEFAULT true,
  -- Update and Cancel reference the alert they replace (CAP <references>).
  references_id uuid REFERENCES alerts(id),
  state text NOT NULL CHECK (state IN ('draft', 'pending_approval', 'published', 'updated', 'cancelled')),
  recipient_count integer,
  created_by uuid REFERENCES operators(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_by uuid REFERENCES operators(id),
  submitted_at timestamptz,
  published_by uuid REFERENCES operators(id),
  published_at timestamptz,
  replaced_at timestamptz,
  CHECK (expires IS NULL OR expires > effective),
  CHECK ((msg_type = 'Alert') = (references_id IS NULL))
);
CREATE INDEX alerts_state ON alerts (state, created_at DESC);
CREATE INDEX alerts_references ON alerts (references_id) WHERE references_id IS NOT NULL;

-- The recipient set, frozen when the alert is published: one row per person.
-- checkin_token_hash = sha256(token) where token = base64url(HMAC-SHA256(secret, 'checkin:' || alert_id || ':' || traveller_id));
-- the token itself is never stored (the worker recomputes it when rendering).
-- No foreign keys on the two bulk tables: a per-row RI check costs more than the insert itself at a
-- million rows. Integrity comes from the writers (publishing selects existing travellers inside the
-- transaction; alerts are never deleted) and erasure from the statement trigger below.
CREATE TABLE alert_recipients (
  alert_id uuid NOT NULL,
  traveller_id uuid NOT NULL,
  trip_id uuid,
  checkin_token_hash text NOT NULL,
  PRIMARY KEY (alert_id, traveller_id)
);
CREATE UNIQUE INDEX alert_recipients_token ON alert_recipients (checkin_token_hash);

-- The outbox: one row per (alert, traveller, channel). Workers claim rows with FOR UPDATE SKIP LOCKED
-- and a lease (state 'sending', lease_until); an expired lease is put back to 'queued'.
CREATE TABLE deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL,
  traveller_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook', 'webpush')),
  address text NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'bounced')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  leased_by uuid,
  last_error text,
  provider_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  finished_at timestamptz,
  UNIQUE (alert_id, traveller_id, channel)
);
-- Claim: the oldest due queued rows. Reclaim: expired leases.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'queued';
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE state = 'sending';

-- Erasing travellers erases their alert data too: once per DELETE statement (a hash join over the
-- deleted rows), not once per row, so erasing many people is one pass over each table.
CREATE FUNCTION alerts_erase_travellers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM deliveries d USING gone g WHERE d.traveller_id = g.id;
  DELETE FROM alert_recipients r USING gone g WHERE r.traveller_id = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER travellers_erase_alert_data AFTER DELETE ON travellers
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION alerts_erase_travellers();
