-- Security and privacy: TOTP second factor, scoped API tokens, two-person post status changes,
-- and erasure of travellers that keeps delivery statistics but not the person.

-- TOTP (RFC 6238). totp_secret is AES-256-GCM ciphertext under a key derived from WARDEN_SECRET;
-- totp_enabled_at is set once the operator has confirmed a code; totp_last_step refuses replays.
ALTER TABLE operators ADD COLUMN totp_secret text;
ALTER TABLE operators ADD COLUMN totp_enabled_at timestamptz;
ALTER TABLE operators ADD COLUMN totp_last_step bigint;

-- API token scopes. Tokens issued before scopes existed keep full access; new ones default to read.
ALTER TABLE api_tokens ADD COLUMN scopes text[] NOT NULL DEFAULT '{read,write}'
  CHECK (scopes <@ ARRAY['read', 'write'] AND 'read' = ANY (scopes));
ALTER TABLE api_tokens ALTER COLUMN scopes SET DEFAULT '{read}';
ALTER TABLE api_tokens ADD COLUMN revoked_by uuid REFERENCES operators(id);

-- A post status of 'suspended' or 'closed' set by an operator is a request that a second operator
-- (approver role, not the requester) approves; at most one pending request per post.
CREATE TABLE post_status_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  input jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected', 'superseded')),
  requested_by uuid REFERENCES operators(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES operators(id),
  decided_at timestamptz,
  CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX post_status_requests_one_pending ON post_status_requests (post_id) WHERE state = 'pending';

-- Erasure keeps the alert's statistics (recipient count, deliveries per state and channel) but not the person:
-- replaces 0002's deletion. Each erased (alert, traveller) pair gets a fresh random id shared by its recipient
-- row and its delivery rows, so per-person counts still add up and nothing links back (or across alerts).
-- Addresses, errors (which may echo an address), trips and check-in token hashes go; unsent deliveries are
-- closed as failed so no worker sends to an erased person.
CREATE OR REPLACE FUNCTION alerts_erase_travellers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One statement: the pairs CTE is evaluated once, so both tables get the same pseudonym per pair.
  WITH pairs AS MATERIALIZED (
    SELECT x.alert_id, x.traveller_id, gen_random_uuid() AS pseudo FROM (
      SELECT r.alert_id, r.traveller_id FROM alert_recipients r JOIN gone g ON g.id = r.traveller_id
      UNION
      SELECT d.alert_id, d.traveller_id FROM deliveries d JOIN gone g ON g.id = d.traveller_id) x
  ), recipients AS (
    UPDATE alert_recipients r SET traveller_id = p.pseudo, trip_id = NULL, checkin_token_hash = 'erased:' || p.pseudo::text
      FROM pairs p WHERE r.alert_id = p.alert_id AND r.traveller_id = p.traveller_id
  )
  UPDATE deliveries d SET traveller_id = p.pseudo, address = '[erased]', provider_id = NULL, lease_until = NULL, leased_by = NULL,
         state = CASE WHEN d.state IN ('queued', 'sending') THEN 'failed' ELSE d.state END,
         last_error = CASE WHEN d.state IN ('queued', 'sending') THEN 'recipient erased' ELSE NULL END,
         finished_at = coalesce(d.finished_at, now())
    FROM pairs p WHERE d.alert_id = p.alert_id AND d.traveller_id = p.traveller_id;
  RETURN NULL;
END $$;
