-- Crises: a named, dated operation with an area and a time window that groups its alerts (the first,
-- its Updates, its Cancel), its incidents and its advisory/post changes, and keeps accountability per
-- person across every message of it. Also departure assistance (requests, departures, assignments).

-- version is bumped by every operator action on the crisis (optimistic concurrency: If-Match).
CREATE TABLE crises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  area jsonb NOT NULL,
  area_description text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  version integer NOT NULL DEFAULT 1,
  incident_id uuid,
  -- Escalation policy of the crisis; NULL = the defaults (WARDEN_ESCALATION_AFTER_MIN, _ROUNDS).
  after_minutes double precision CHECK (after_minutes > 0),
  max_rounds smallint CHECK (max_rounds BETWEEN 1 AND 10),
  opened_by uuid REFERENCES operators(id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_by uuid REFERENCES operators(id),
  closed_at timestamptz,
  -- What closing did with deliveries still queued: let them finish, or cancel them (an explicit choice).
  closed_deliveries text CHECK (closed_deliveries IN ('finish', 'cancel')),
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX crises_state ON crises (state, opened_at DESC);

-- The crisis's alerts; an alert belongs to at most one crisis. members_synced: its frozen recipients
-- were copied into crisis_members (done once, after it was published).
CREATE TABLE crisis_alerts (
  crisis_id uuid NOT NULL REFERENCES crises(id),
  alert_id uuid NOT NULL UNIQUE REFERENCES alerts(id),
  linked_by uuid REFERENCES operators(id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  members_synced boolean NOT NULL DEFAULT false,
  PRIMARY KEY (crisis_id, alert_id)
);

CREATE TABLE crisis_incidents (
  crisis_id uuid NOT NULL REFERENCES crises(id),
  incident_id uuid NOT NULL,
  linked_by uuid REFERENCES operators(id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (crisis_id, incident_id)
);

-- Advisory and post-status changes, notes and other dated facts of the crisis's timeline.
CREATE TABLE crisis_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crisis_id uuid NOT NULL REFERENCES crises(id),
  kind text NOT NULL CHECK (kind IN ('advisory', 'post_status', 'note', 'opened', 'closed', 'policy', 'departure')),
  summary text NOT NULL CHECK (char_length(summary) <= 1000),
  ref text,
  -- The crisis version this event produced (a 409 lists the events after the caller's version).
  version integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES operators(id)
);
CREATE INDEX crisis_events_crisis ON crisis_events (crisis_id, at);

-- A person belongs to the crisis from the first of its alerts that reached them (joined_at, first_alert_id),
-- at the place of that alert's trip (copied: the map and the city counts read one table).
-- The answer columns are each member's latest answer to ANY alert of the crisis and the id of their latest
-- "need help"; reachable is false once every delivery of every alert of the crisis to them failed or
-- bounced (or they had none). They are kept by the statement-level triggers below and recomputed by
-- crises_refresh_members() when alerts join the crisis, so a board of 100,000 people is one index scan.
CREATE TABLE crisis_members (
  crisis_id uuid NOT NULL,
  traveller_id uuid NOT NULL,
  trip_id uuid,
  city text,
  lat double precision,
  lon double precision,
  first_alert_id uuid NOT NULL,
  joined_at timestamptz NOT NULL,
  answer text CHECK (answer IN ('safe', 'need_help', 'departed')),
  answer_history_id bigint,
  answer_alert_id uuid,
  answered_at timestamptz,
  last_help_id bigint,
  reachable boolean NOT NULL DEFAULT true,
  PRIMARY KEY (crisis_id, traveller_id)
);

-- "Need help" stays open until an operator handles it: a handling covers that person's answers up to
-- up_to_history_id; a later "need help" opens it again.
CREATE TABLE crisis_help_handled (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crisis_id uuid NOT NULL REFERENCES crises(id),
  traveller_id uuid NOT NULL,
  up_to_history_id bigint NOT NULL,
  note text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 1000),
  handled_by uuid REFERENCES operators(id),
  handled_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX crisis_help_handled_person ON crisis_help_handled (crisis_id, traveller_id, up_to_history_id DESC);

-- Departure assistance: "I need help to leave" (one open request per person and crisis).
CREATE TABLE departure_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  crisis_id uuid NOT NULL REFERENCES crises(id),
  traveller_id uuid NOT NULL,
  party_size smallint NOT NULL CHECK (party_size BETWEEN 1 AND 50),
  phone text NOT NULL CHECK (char_length(phone) BETWEEN 3 AND 50),
  note text CHECK (char_length(note) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (crisis_id, traveller_id)
);

CREATE TABLE departures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  crisis_id uuid NOT NULL REFERENCES crises(id),
  kind text NOT NULL CHECK (kind IN ('flight', 'bus', 'convoy')),
  label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  departs_at timestamptz NOT NULL,
  assembly_point text NOT NULL CHECK (char_length(assembly_point) BETWEEN 1 AND 500),
  -- The message alert that told the assigned people (sent through the alerts' outbox).
  notice_alert_id uuid REFERENCES alerts(id),
  created_by uuid REFERENCES operators(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX departures_crisis ON departures (crisis_id, departs_at);

CREATE TABLE departure_assignments (
  request_id uuid PRIMARY KEY REFERENCES departure_requests(id),
  departure_id uuid NOT NULL REFERENCES departures(id),
  assigned_by uuid REFERENCES operators(id),
  assigned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX departure_assignments_departure ON departure_assignments (departure_id);

-- Per-crisis escalation reuses the per-alert escalation: an answer to ANY of these alerts counts as an
-- answer (NULL = this alert only). The crisis writes it for its alerts.
ALTER TABLE escalation_policies ADD COLUMN answered_on uuid[];

-- Recomputes the answer and reachability columns of a crisis's members from its alerts' answers and deliveries.
CREATE FUNCTION crises_refresh_members(c uuid) RETURNS void LANGUAGE sql AS $$
  WITH ids AS (SELECT alert_id FROM crisis_alerts WHERE crisis_id = c),
  la AS (SELECT DISTINCT ON (h.traveller_id) h.traveller_id, h.id, h.answer, h.answered_at, h.alert_id
           FROM checkin_history h WHERE h.alert_id IN (SELECT alert_id FROM ids) ORDER BY h.traveller_id, h.id DESC),
  nh AS (SELECT h.traveller_id, max(h.id) AS help FROM checkin_history h
          WHERE h.alert_id IN (SELECT alert_id FROM ids) AND h.answer = 'need_help' GROUP BY h.traveller_id),
  live AS (SELECT DISTINCT d.traveller_id FROM deliveries d WHERE d.alert_id IN (SELECT alert_id FROM ids) AND d.state NOT IN ('failed', 'bounced')),
  x AS (SELECT m.traveller_id, la.answer, la.id, la.answered_at, la.alert_id, nh.help, live.traveller_id IS NOT NULL AS reachable
          FROM crisis_members m LEFT JOIN la ON la.traveller_id = m.traveller_id LEFT JOIN nh ON nh.traveller_id = m.traveller_id
          LEFT JOIN live ON live.traveller_id = m.traveller_id WHERE m.crisis_id = c)
  UPDATE crisis_members m SET answer = x.answer, answer_history_id = x.id, answered_at = x.answered_at, answer_alert_id = x.alert_id,
         last_help_id = x.help, reachable = x.reachable
    FROM x WHERE m.crisis_id = c AND m.traveller_id = x.traveller_id
$$;

-- Every answer (one statement may record many) moves its person's crisis status, where the alert belongs to a crisis.
CREATE FUNCTION crises_track_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE crisis_members m SET answer = x.answer, answer_history_id = x.id, answered_at = x.answered_at, answer_alert_id = x.alert_id,
         last_help_id = CASE WHEN x.help IS NULL THEN m.last_help_id ELSE greatest(coalesce(m.last_help_id, 0), x.help) END
    FROM (SELECT DISTINCT ON (ca.crisis_id, n.traveller_id) ca.crisis_id, n.traveller_id, n.id, n.answer, n.answered_at, n.alert_id,
                 max(n.id) FILTER (WHERE n.answer = 'need_help') OVER (PARTITION BY ca.crisis_id, n.traveller_id) AS help
            FROM new_rows n JOIN crisis_alerts ca ON ca.alert_id = n.alert_id
           ORDER BY ca.crisis_id, n.traveller_id, n.id DESC) x
   WHERE m.crisis_id = x.crisis_id AND m.traveller_id = x.traveller_id AND coalesce(m.answer_history_id, 0) < x.id;
  RETURN NULL;
END $$;
CREATE TRIGGER checkin_history_crisis_status AFTER INSERT ON checkin_history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crises_track_answers();

-- A delivery that failed or bounced may leave its person with no live delivery in the crisis: not reachable.
CREATE FUNCTION crises_track_failures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE crisis_members m SET reachable = EXISTS (
           SELECT 1 FROM deliveries d JOIN crisis_alerts ca2 ON ca2.alert_id = d.alert_id
            WHERE ca2.crisis_id = m.crisis_id AND d.traveller_id = m.traveller_id AND d.state NOT IN ('failed', 'bounced'))
    FROM (SELECT DISTINCT ca.crisis_id, n.traveller_id FROM new_rows n JOIN crisis_alerts ca ON ca.alert_id = n.alert_id
           WHERE n.state IN ('failed', 'bounced')) x
   WHERE m.crisis_id = x.crisis_id AND m.traveller_id = x.traveller_id AND m.reachable;
  RETURN NULL;
END $$;
CREATE TRIGGER deliveries_crisis_reachability AFTER UPDATE ON deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crises_track_failures();

-- Erasing travellers erases their crisis data too (statement-level, as in 0002 and 0007).
CREATE FUNCTION crises_erase_travellers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM departure_assignments a USING departure_requests r, gone g WHERE a.request_id = r.id AND r.traveller_id = g.id;
  DELETE FROM departure_requests r USING gone g WHERE r.traveller_id = g.id;
  DELETE FROM crisis_help_handled h USING gone g WHERE h.traveller_id = g.id;
  DELETE FROM crisis_members m USING gone g WHERE m.traveller_id = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER travellers_erase_crisis_data AFTER DELETE ON travellers
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION crises_erase_travellers();
