-- Publishing a million recipients spent a third of its time on per-row work this migration removes
-- (measured: docs/benchmarks.md, Fan-out).
--
-- 1. Check-in links carry the recipient's check-in number (encrypted) and a MAC over it (src/alerts/checkin-token.ts)
--    instead of being found by sha256(token): publishing no longer computes an HMAC and a hash per row in
--    SQL, the number's index is filled in order (a right-edge append, not a million random keys), and a
--    forged link is refused before any query. The database holds only the numbers, which open nothing
--    without the server secret. Links sent before this migration stop working (no release used them).
CREATE SEQUENCE alert_recipients_checkin_no_seq AS bigint CACHE 100;
ALTER TABLE alert_recipients ADD COLUMN checkin_no bigint DEFAULT nextval('alert_recipients_checkin_no_seq');
ALTER SEQUENCE alert_recipients_checkin_no_seq OWNED BY alert_recipients.checkin_no;
UPDATE alert_recipients SET checkin_no = NULL WHERE checkin_token_hash LIKE 'erased:%';
CREATE UNIQUE INDEX alert_recipients_checkin_no ON alert_recipients (checkin_no);
ALTER TABLE alert_recipients DROP COLUMN checkin_token_hash;

-- 2. Delivery ids stay time-ordered (a publish appends to the right edge of the primary key) but cost a
--    sequence step instead of a random UUID plus byte surgery in a volatile function (2.3 s → 0.9 s per
--    million): UUIDv8 = 48-bit milliseconds of the statement, version 8, variant 10, 60-bit sequence number.
CREATE SEQUENCE deliveries_id_seq AS bigint CACHE 100;
ALTER TABLE deliveries ALTER COLUMN id SET DEFAULT
  (lpad(to_hex((extract(epoch FROM statement_timestamp()) * 1000)::bigint), 12, '0') || '8000' || '8'
   || lpad(to_hex(nextval('deliveries_id_seq')), 15, '0'))::uuid;
ALTER SEQUENCE deliveries_id_seq OWNED BY deliveries.id;
DROP FUNCTION warden_time_ordered_uuid();

-- Erasure as in 0010, with the check-in number cleared (the person's link stops working) instead of the hash.
CREATE OR REPLACE FUNCTION alerts_erase_travellers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One statement: the pairs CTE is evaluated once, so both tables get the same pseudonym per pair.
  WITH pairs AS MATERIALIZED (
    SELECT x.alert_id, x.traveller_id, gen_random_uuid() AS pseudo FROM (
      SELECT r.alert_id, r.traveller_id FROM alert_recipients r JOIN gone g ON g.id = r.traveller_id
      UNION
      SELECT d.alert_id, d.traveller_id FROM deliveries d JOIN gone g ON g.id = d.traveller_id) x
  ), recipients AS (
    UPDATE alert_recipients r SET traveller_id = p.pseudo, trip_id = NULL, checkin_no = NULL
      FROM pairs p WHERE r.alert_id = p.alert_id AND r.traveller_id = p.traveller_id
  )
  UPDATE deliveries d SET traveller_id = p.pseudo, address = '[erased]', provider_id = NULL, lease_until = NULL, leased_by = NULL,
         state = CASE WHEN d.state IN ('queued', 'sending') THEN 'failed' ELSE d.state END,
         last_error = CASE WHEN d.state IN ('queued', 'sending') THEN 'recipient erased' ELSE NULL END,
         finished_at = coalesce(d.finished_at, now())
    FROM pairs p WHERE d.alert_id = p.alert_id AND d.traveller_id = p.traveller_id;
  RETURN NULL;
END $$;
