-- Publishing to a million people is dominated by index maintenance (measured: docs/benchmarks.md, Fan-out).
-- 1. Check-in tokens are only ever looked up by equality: a hash index costs far less to fill with a
--    million random keys than a unique btree comparing 64-character strings under a linguistic collation.
--    Uniqueness is not lost: (alert_id, traveller_id) is the primary key and the token is derived from it.
DROP INDEX alert_recipients_token;
CREATE INDEX alert_recipients_token ON alert_recipients USING hash (checkin_token_hash);

-- 2. Delivery ids ordered by creation time (48-bit millisecond prefix, then random bits): a publish
--    appends to the right edge of the primary key instead of touching random pages all over it.
CREATE FUNCTION warden_time_ordered_uuid() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(overlay(uuid_send(gen_random_uuid())
                        PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                        FROM 1 FOR 6), 'hex')::uuid
$$;
ALTER TABLE deliveries ALTER COLUMN id SET DEFAULT warden_time_ordered_uuid();
