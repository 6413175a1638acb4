-- Check-ins (answers to an alert), escalation rounds, duty-officer notifications and traveller sign-in.

-- The current answer per (alert, traveller); every answer also goes to checkin_history.
-- history_id is the id of the history row this answer came from: when two answers race,
-- the one with the higher history id stays current (ON CONFLICT … WHERE history_id < EXCLUDED.history_id).
CREATE TABLE checkin_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id uuid NOT NULL,
  traveller_id uuid NOT NULL,
  answer text NOT NULL CHECK (answer IN ('safe', 'need_help', 'departed')),
  message text CHECK (char_length(message) <= 1000),
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  place text CHECK (char_length(place) <= 200),
  channel text NOT NULL CHECK (channel IN ('link', 'sms', 'email')),
  answered_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX checkin_history_person ON checkin_history (alert_id, traveller_id, id);

CREATE TABLE checkins (
  alert_id uuid NOT NULL,
  traveller_id uuid NOT NULL,
  history_id bigint NOT NULL,
  answer text NOT NULL CHECK (answer IN ('safe', 'need_help', 'departed')),
  message text,
  lat double precision,
  lon double precision,
  place text,
  channel text NOT NULL,
  answered_at timestamptz NOT NULL,
  PRIMARY KEY (alert_id, traveller_id)
);

-- Escalation: round 1 is the publish fan-out (every channel); round k ≥ 2 is one reminder on one channel.
-- The outbox key becomes (alert, traveller, channel, round), and a second unique index allows exactly
-- one reminder delivery per person and round: two workers, or a restart, can never chase anyone twice.
ALTER TABLE deliveries ADD COLUMN round smallint NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE deliveries DROP CONSTRAINT deliveries_alert_id_traveller_id_channel_key;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_alert_traveller_channel_round UNIQUE (alert_id, traveller_id, channel, round);
CREATE UNIQUE INDEX deliveries_one_reminder_per_round ON deliveries (alert_id, traveller_id, round) WHERE round > 1;

-- The round each recipient is in, and when it started (the escalation statement advances it).
ALTER TABLE alert_recipients ADD COLUMN round smallint NOT NULL DEFAULT 1;
ALTER TABLE alert_recipients ADD COLUMN round_at timestamptz NOT NULL DEFAULT now();

-- Per-alert policy; alerts without a row use the defaults (WARDEN_ESCALATION_AFTER_MIN, WARDEN_ESCALATION_ROUNDS).
-- max_rounds counts every round including the first send: 1 = never chase.
CREATE TABLE escalation_policies (
  alert_id uuid PRIMARY KEY REFERENCES alerts(id),
  after_minutes double precision NOT NULL CHECK (after_minutes > 0),
  max_rounds smallint NOT NULL CHECK (max_rounds BETWEEN 1 AND 10),
  updated_by uuid REFERENCES operators(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- "Need help" answers waiting to reach the duty officers (written with the answer, sent at once after commit;
-- rows still pending after a minute are retried by the worker's escalation tick).
CREATE TABLE duty_notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  history_id bigint NOT NULL UNIQUE,
  alert_id uuid NOT NULL,
  traveller_id uuid NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX duty_notifications_pending ON duty_notifications (created_at) WHERE state = 'pending';

-- Traveller sign-in: one-time magic links and sessions, stored as sha256 hashes only.
CREATE TABLE traveller_login_tokens (
  token_hash text PRIMARY KEY,
  traveller_id uuid NOT NULL REFERENCES travellers(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE traveller_sessions (
  token_hash text PRIMARY KEY,
  traveller_id uuid NOT NULL REFERENCES travellers(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Erasing travellers erases their answers too (same statement-level pattern as 0002).
CREATE FUNCTION checkins_erase_travellers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM checkins c USING gone g WHERE c.traveller_id = g.id;
  DELETE FROM checkin_history h USING gone g WHERE h.traveller_id = g.id;
  DELETE FROM duty_notifications n USING gone g WHERE n.traveller_id = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER travellers_erase_checkins AFTER DELETE ON travellers
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION checkins_erase_travellers();

-- Replies and the traveller's own page look recipients up by person (the primary key starts with the alert).
CREATE INDEX alert_recipients_traveller ON alert_recipients (traveller_id);
